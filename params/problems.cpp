#include "params/problems.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace aquifer::params {

std::string InputProblem::to_string() const {
  std::string out;
  if (!file.empty()) {
    out = file;
    if (line > 0) {
      out += ":" + std::to_string(line);
      if (column > 0) out += ":" + std::to_string(column);
    }
    out += ": ";
  }
  return out + message;
}

namespace {

std::string join_problems(const std::vector<InputProblem>& problems) {
  std::string text = std::to_string(problems.size()) +
                     (problems.size() == 1 ? " input problem" : " input problems");
  for (const auto& p : problems) text += "\n" + p.to_string();
  return text;
}

}  // namespace

InputError::InputError(std::vector<InputProblem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

int Problems::file_id(const std::string& name) {
  const auto it = std::find(files_.begin(), files_.end(), name);
  if (it != files_.end()) return static_cast<int>(it - files_.begin());
  files_.push_back(name);
  return static_cast<int>(files_.size()) - 1;
}

const std::string& Problems::file_name(int id) const {
  static const std::string none;
  if (id < 0 || id >= static_cast<int>(files_.size())) return none;
  return files_[static_cast<std::size_t>(id)];
}

void Problems::error(const SourcePos& where, std::string message) {
  ++error_count_;
  if (errors_.size() < max_errors) errors_.push_back({where, std::move(message)});
}

void Problems::warning(const SourcePos& where, std::string message) {
  const InputProblem p = to_problem({where, std::move(message)});
  warnings_.push_back(p.to_string());
}

InputProblem Problems::to_problem(const Entry& e) const {
  InputProblem p;
  p.file = file_name(e.where.file);
  p.line = e.where.line;
  p.column = e.where.column;
  p.message = e.message;
  return p;
}

std::vector<InputProblem> Problems::errors() const {
  std::vector<Entry> sorted = errors_;
  // Unknown files (-1) sort last; within a file, by line then column.
  auto key = [](const Entry& e) {
    const unsigned file = e.where.file < 0 ? ~0U : static_cast<unsigned>(e.where.file);
    return std::tuple(file, e.where.line, e.where.column);
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
  std::vector<InputProblem> out;
  out.reserve(sorted.size() + 1);
  for (const auto& e : sorted) out.push_back(to_problem(e));
  if (error_count_ > errors_.size()) {
    InputProblem more;
    more.message = std::to_string(error_count_ - errors_.size()) +
                   " more problems not listed (only the first " +
                   std::to_string(max_errors) + " are shown)";
    out.push_back(std::move(more));
  }
  return out;
}

void Problems::throw_if_errors() const {
  if (has_errors()) throw InputError(errors());
}

}  // namespace aquifer::params
