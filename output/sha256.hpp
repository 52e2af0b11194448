// SHA-256 (FIPS 180-4) of bytes and files, for the provenance of every output file: each input
// file is identified by its hash, so a result can be traced to the exact inputs it came from.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace aquifer::output {

// Incremental hasher: update() any number of times, then hex_digest() once. Uses the CPU's SHA
// instructions (x86 SHA-NI) when it has them, about 8x faster on the tens of MB of raster
// inputs a large scenario hashes; `allow_cpu_sha = false` forces the portable code (tests).
class Sha256 final {
 public:
  explicit Sha256(bool allow_cpu_sha = true);
  // Whether this CPU has the SHA instructions used when allowed.
  [[nodiscard]] static bool cpu_sha_available();
  void update(const void* data, std::size_t size_bytes);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // 64 lower-case hex digits. Finalises the hash; call once.
  [[nodiscard]] std::string hex_digest();

 private:
  // Compresses `blocks` consecutive 64-byte blocks into state_.
  void compress(const std::uint8_t* data, std::size_t blocks);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool cpu_sha_ = false;
};

[[nodiscard]] std::string sha256_hex(std::string_view bytes);
// Hash of a file's bytes; throws std::runtime_error when it cannot be read.
[[nodiscard]] std::string sha256_file_hex(const std::string& path);
// The digest `known` holds for `path` (e.g. params::LoadedScenario::input_sha256, computed as
// the file was read), else the file's hash as above.
[[nodiscard]] std::string sha256_file_hex(const std::string& path, const std::map<std::string, std::string>& known);

}  // namespace aquifer::output
