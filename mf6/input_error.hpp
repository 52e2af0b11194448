// Errors raised while reading a MODFLOW 6 input deck. Every problem carries the position
// `file:line:col` so the user can find it; the CLI prints them all and exits with status 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace aquifer::mf6 {

struct InputPosition final {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem concerns the whole file
  int column = 0;  // 1-based; 0 when unknown
  [[nodiscard]] std::string to_string() const;
};

struct InputProblem final {
  InputPosition where;
  std::string message;  // what is wrong and what was expected
  [[nodiscard]] std::string to_string() const { return where.to_string() + ": " + message; }
};

// Invalid input: a value, keyword or file that does not follow the MF6 input rules.
class InputError final : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputProblem> problems);
  InputError(const InputPosition& where, const std::string& message)
      : InputError(std::vector<InputProblem>{{where, message}}) {}
  [[nodiscard]] const std::vector<InputProblem>& problems() const { return problems_; }

 private:
  std::vector<InputProblem> problems_;
};

// Valid MF6 input that this importer does not implement (DISV, UZF, time series, ...).
// Refused, never silently ignored; also exit status 2.
class UnsupportedFeature final : public std::runtime_error {
 public:
  UnsupportedFeature(const InputPosition& where, const std::string& what)
      : std::runtime_error(where.to_string() + ": unsupported: " + what), where_(where) {}
  [[nodiscard]] const InputPosition& where() const { return where_; }

 private:
  InputPosition where_;
};

}  // namespace aquifer::mf6
