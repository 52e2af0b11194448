// A file written under a temporary name and renamed into place only when complete, so a
// crashed or killed run never leaves a truncated file under a final name (outputs contract).
#pragma once

#include <mpi.h>

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

// For a file written collectively by every rank: after a barrier, rank 0 renames the finished
// temporary file into place (removing it if that fails). Collective; true on every rank when
// the rename worked.
[[nodiscard]] bool rename_collectively(const std::string& temp_path, const std::string& final_path,
                                       MPI_Comm comm);

}  // namespace aquifer::output
