#include "output/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace aquifer::output {

AtomicFile::AtomicFile(std::string final_path)
    : final_path_(std::move(final_path)), temp_path_(final_path_ + ".partial") {
  stream_ = std::fopen(temp_path_.c_str(), "w");
  if (stream_ == nullptr)
    throw std::runtime_error("cannot write " + temp_path_ + ": " + std::strerror(errno));
}

AtomicFile::AtomicFile(std::string final_path, long length)
    : final_path_(std::move(final_path)), temp_path_(final_path_ + ".partial") {
  std::error_code ec;
  const auto size = std::filesystem::file_size(temp_path_, ec);
  if (ec || static_cast<long>(size) < length)
    throw std::runtime_error("cannot resume " + temp_path_ + ": " +
                             (ec ? ec.message() : "shorter than the checkpoint recorded"));
  std::filesystem::resize_file(temp_path_, static_cast<std::uintmax_t>(length), ec);
  if (!ec) stream_ = std::fopen(temp_path_.c_str(), "a");
  if (ec || stream_ == nullptr)
    throw std::runtime_error("cannot resume " + temp_path_ + ": " + (ec ? ec.message() : std::strerror(errno)));
}

long AtomicFile::flush() {
  if (stream_ == nullptr) return 0;
  const long length = std::fflush(stream_) == 0 && std::ferror(stream_) == 0 ? std::ftell(stream_) : -1;
  if (length < 0) throw std::runtime_error("cannot write " + temp_path_ + ": " + std::strerror(errno));
  return length;
}

void AtomicFile::keep() {
  if (stream_ != nullptr) std::fclose(stream_);
  stream_ = nullptr;
}

AtomicFile::~AtomicFile() {
  if (stream_ != nullptr) {
    std::fclose(stream_);
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::commit() {
  if (stream_ == nullptr) return;
  const bool write_failed = std::fflush(stream_) != 0 || std::ferror(stream_) != 0;
  const bool close_failed = std::fclose(stream_) != 0;
  stream_ = nullptr;
  if (write_failed || close_failed || std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp_path_.c_str());
    throw std::runtime_error("cannot complete " + final_path_ + ": " + why);
  }
}

bool rename_collectively(const std::string& temp_path, const std::string& final_path,
                         MPI_Comm comm) {
  MPI_Barrier(comm);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int failed = 0;
  if (rank == 0) {
    failed = std::rename(temp_path.c_str(), final_path.c_str()) != 0 ? 1 : 0;
    if (failed != 0) std::remove(temp_path.c_str());
  }
  MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
  return failed == 0;
}

}  // namespace aquifer::output
