// A file written under a temporary name and renamed into place only when complete, so a
// crashed or killed run never leaves a truncated file under a final name (outputs contract).
#pragma once

#include <cstdio>
#include <string>

namespace aquifer::output {

class AtomicFile final {
 public:
  // Opens "<final_path>.partial" for writing; throws std::runtime_error if it cannot.
  explicit AtomicFile(std::string final_path);
  // Restart: reopens "<final_path>.partial" cut to its first `length` bytes (what a checkpoint
  // recorded) for appending; throws std::runtime_error if it is missing or shorter.
  AtomicFile(std::string final_path, long length);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Without commit() the temporary file is removed.
  ~AtomicFile();

  [[nodiscard]] std::FILE* stream() const { return stream_; }
  // Flushes, closes and renames to the final path; throws on failure.
  void commit();
  // Flushes and returns the bytes written so far (for a checkpoint); throws on failure.
  [[nodiscard]] long flush();
  // Closes and leaves the temporary file for a later restart (the solver failed).
  void keep();
  [[nodiscard]] const std::string& final_path() const { return final_path_; }

 private:
  std::string final_path_;
  std::string temp_path_;
  std::FILE* stream_ = nullptr;
};

}  // namespace aquifer::output
