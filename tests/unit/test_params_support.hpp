// Helpers for the params/ unit tests: temporary scenario folders and problem lookups.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "params/load_scenario.hpp"

namespace aquifer::params::test {

// The fixtures in tests/data/params.
inline std::string data_path(const std::string& relative) {
  return (std::filesystem::path(AQUIFER_TEST_DATA_DIR) / "params" / relative).string();
}

// A fresh folder under the system temp dir, removed when the test ends.
class TempDir final {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("aquifer_params_test_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes a file (creating folders) and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A valid scenario of 16 lines; tests append tables from line 17 on, or replace lines.
//  1 [model]            5 [grid]      11 [[layers]]
//  2 name = "t"         6 nx = 4      12 top = 10
//  3 start = ...        7 ny = 3      13 bottom = 0
//  4                    8 dx = 100    14 k = "5 m/d"
//                       9 dy = 100    15 ss = 1e-5
//                      10             16 sy = 0.1
inline std::string base_scenario() {
  return "[model]\n"
         "name = \"t\"\n"
         "start = \"2020-01-01\"\n"
         "\n"
         "[grid]\n"
         "nx = 4\n"
         "ny = 3\n"
         "dx = 100\n"
         "dy = 100\n"
         "\n"
         "[[layers]]\n"
         "top = 10\n"
         "bottom = 0\n"
         "k = \"5 m/d\"\n"
         "ss = 1e-5\n"
         "sy = 0.1\n";
}

// `text` with its 1-based line `line` replaced by `replacement`.
inline std::string replace_line(const std::string& text, int line, const std::string& replacement) {
  std::istringstream in(text);
  std::string out, current;
  for (int n = 1; std::getline(in, current); ++n) out += (n == line ? replacement : current) + "\n";
  return out;
}

// The problems load_scenario reports; fails the test when it does not throw InputError.
inline std::vector<InputProblem> problems_of(const std::string& scenario_path) {
  try {
    (void)load_scenario(scenario_path);
  } catch (const InputError& e) {
    return e.problems();
  }
  FAIL("load_scenario accepted " << scenario_path << " but it should have been rejected");
  return {};
}

inline std::string listing(const std::vector<InputProblem>& problems) {
  std::string s;
  for (const auto& p : problems) s += p.to_string() + "\n";
  return s;
}

// Checks that one of the problems has this file, line, column and message fragment.
inline void require_problem(const std::vector<InputProblem>& problems, const std::string& file,
                            int line, int column, const std::string& fragment) {
  INFO("problems:\n" << listing(problems));
  INFO("wanted " << file << ":" << line << ":" << column << ": ..." << fragment << "...");
  bool found = false;
  for (const auto& p : problems) {
    found = found || (p.file == file && p.line == line && p.column == column &&
                      p.message.find(fragment) != std::string::npos);
  }
  CHECK(found);
}

// Writes base_scenario() + extra as scenario.toml in `dir` and returns the problems.
inline std::vector<InputProblem> problems_with(const TempDir& dir, const std::string& text) {
  return problems_of(dir.write("scenario.toml", text));
}

}  // namespace aquifer::params::test
