// SHA-256 against the FIPS 180-4 / NIST example vectors, including inputs that end exactly at
// and around the 55/56/64-byte padding boundaries, and streaming in uneven pieces.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "output/sha256.hpp"

using aquifer::output::Sha256;
using aquifer::output::sha256_file_hex;
using aquifer::output::sha256_hex;

TEST_CASE("SHA-256 of the NIST example messages", "[output]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
                   "mnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex("The quick brown fox jumps over the lazy dog") ==
        "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

TEST_CASE("SHA-256 of one million 'a' streamed in uneven pieces", "[output]") {
  const std::string million(1000000, 'a');
  Sha256 h;
  std::size_t at = 0;
  for (std::size_t piece = 1; at < million.size(); piece = piece * 7 % 997 + 1) {
    const std::size_t n = std::min(piece, million.size() - at);
    h.update(million.data() + at, n);
    at += n;
  }
  CHECK(h.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 padding boundaries", "[output]") {
  // Lengths 55, 56 and 64 need one, two and two final blocks; values from Python's hashlib.
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("SHA-256 of a file equals that of its bytes", "[output]") {
  const auto path = std::filesystem::temp_directory_path() / "aquifer_sha256_test.bin";
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 31 % 256));
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  CHECK(sha256_file_hex(path.string()) == sha256_hex(bytes));
  std::filesystem::remove(path);
  CHECK_THROWS(sha256_file_hex(path.string()));
}

TEST_CASE("SHA-256: the CPU's SHA instructions and the portable code agree", "[output]") {
  // On a CPU without SHA-NI both hashers run the portable code and the test is trivially true;
  // the NIST vectors above then check that code alone.
  INFO("CPU SHA instructions available: " << Sha256::cpu_sha_available());
  std::string bytes(70000, '\0');
  std::uint32_t s = 12345u;
  for (char& c : bytes) {
    s = s * 1664525u + 1013904223u;
    c = static_cast<char>(s >> 24);
  }
  for (const std::size_t length : {0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4096, 70000}) {
    Sha256 fast, portable(false);
    std::size_t at = 0;
    for (std::size_t piece = 3; at < length; piece = piece * 5 % 263 + 1) {  // uneven pieces
      const std::size_t n = std::min(piece, length - at);
      fast.update(bytes.data() + at, n);
      portable.update(bytes.data() + at, n);
      at += n;
    }
    INFO("length " << length);
    CHECK(fast.hex_digest() == portable.hex_digest());
  }
}
