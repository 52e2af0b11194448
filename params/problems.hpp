// Collector of input problems (errors) and warnings while a scenario is read and built.
// Positions refer to files by a small integer id so that per-cell records stay compact.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "params/load_scenario.hpp"

namespace aquifer::params {

// Where something was written: file id (see Problems::file_id), 1-based line and column,
// 0 when unknown. file = -1: no file at all.
struct SourcePos final {
  int file = -1;
  int line = 0;
  int column = 0;
};

class Problems final {
 public:
  // At most this many errors are kept; later ones are only counted (and summarised).
  static constexpr std::size_t max_errors = 200;

  // Registers a file name (once) and returns its id.
  int file_id(const std::string& name);
  [[nodiscard]] const std::string& file_name(int id) const;

  void error(const SourcePos& where, std::string message);
  void warning(const SourcePos& where, std::string message);

  [[nodiscard]] bool has_errors() const { return error_count_ > 0; }
  [[nodiscard]] std::size_t error_count() const { return error_count_; }

  // The errors, sorted by file (in registration order), line and column.
  [[nodiscard]] std::vector<InputProblem> errors() const;
  // The warnings as "<file>:<line>:<column>: warning text" strings.
  [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }

  // Throws InputError with every error when there is at least one.
  void throw_if_errors() const;

 private:
  struct Entry final {
    SourcePos where;
    std::string message;
  };
  [[nodiscard]] InputProblem to_problem(const Entry& e) const;

  std::vector<std::string> files_;
  std::vector<Entry> errors_;
  std::size_t error_count_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace aquifer::params
