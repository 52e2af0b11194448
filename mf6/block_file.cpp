#include "mf6/block_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace aquifer::mf6 {

std::string InputPosition::to_string() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  if (line > 0 && column > 0) s += ":" + std::to_string(column);
  return s;
}

namespace {
std::string join_messages(const std::vector<InputProblem>& problems) {
  std::string s;
  for (const auto& p : problems) s += (s.empty() ? "" : "\n") + p.to_string();
  return s;
}
}  // namespace

InputError::InputError(std::vector<InputProblem> problems)
    : std::runtime_error(join_messages(problems)), problems_(std::move(problems)) {}

std::string to_upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Token::upper() const { return to_upper(text); }

InputPosition Line::at(std::size_t token_index) const {
  const int col = token_index < tokens.size() ? tokens[token_index].column
                                              : (tokens.empty() ? 1 : tokens.back().column);
  return {file, number, col};
}

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto is_sep = [](char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; };
  while (i < n && is_sep(text[i])) ++i;
  if (i >= n) return out;
  if (text[i] == '#' || text[i] == '!' || (text[i] == '/' && i + 1 < n && text[i + 1] == '/'))
    return out;  // comment line
  while (i < n) {
    while (i < n && is_sep(text[i])) ++i;
    if (i >= n) break;
    Token t;
    t.column = static_cast<int>(i) + 1;
    if (text[i] == '\'' || text[i] == '"') {
      const char q = text[i++];
      const std::size_t end = text.find(q, i);
      t.text = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? n : end + 1;
    } else {
      const std::size_t start = i;
      while (i < n && !is_sep(text[i])) ++i;
      t.text = text.substr(start, i - start);
    }
    out.push_back(std::move(t));
  }
  return out;
}

const Block* BlockFile::find(const std::string& upper_name) const {
  const Block* found = nullptr;
  for (const auto& b : blocks) {
    if (b.name != upper_name) continue;
    if (found != nullptr)
      throw InputError(b.at(), "block " + upper_name + " appears twice; expected it once");
    found = &b;
  }
  return found;
}

std::vector<const Block*> BlockFile::all(const std::string& upper_name) const {
  std::vector<const Block*> out;
  for (const auto& b : blocks)
    if (b.name == upper_name) out.push_back(&b);
  return out;
}

std::vector<Line> read_data_lines(const std::string& path, const InputPosition& referenced_from) {
  std::ifstream in(path);
  if (!in) throw InputError(referenced_from, "cannot open file '" + path + "'");
  std::vector<Line> lines;
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    auto tokens = tokenize(text);
    if (!tokens.empty()) lines.push_back(Line{std::move(tokens), path, number});
  }
  return lines;
}

BlockFile read_block_file(const std::string& path) {
  BlockFile file;
  file.path = path;
  std::ifstream in(path);
  if (!in) throw InputError(InputPosition{path, 0, 0}, "cannot open file");
  std::string text;
  int number = 0;
  Block* open = nullptr;
  while (std::getline(in, text)) {
    ++number;
    auto tokens = tokenize(text);
    if (tokens.empty()) continue;
    const std::string key = tokens.front().upper();
    if (open == nullptr) {
      if (key != "BEGIN") continue;  // text between blocks is ignored
      if (tokens.size() < 2)
        throw InputError(InputPosition{path, number, tokens[0].column}, "BEGIN without a block name");
      Block b;
      b.name = tokens[1].upper();
      b.header_args.assign(tokens.begin() + 2, tokens.end());
      b.file = path;
      b.line = number;
      file.blocks.push_back(std::move(b));
      open = &file.blocks.back();
    } else if (key == "END") {
      if (tokens.size() < 2 || tokens[1].upper() != open->name)
        throw InputError(InputPosition{path, number, tokens[0].column},
                         "expected 'END " + open->name + "' to close the block opened on line " +
                             std::to_string(open->line));
      open = nullptr;
    } else if (key == "BEGIN") {
      throw InputError(InputPosition{path, number, tokens[0].column},
                       "BEGIN inside block " + open->name + "; expected 'END " + open->name + "' first");
    } else {
      open->lines.push_back(Line{std::move(tokens), path, number});
    }
  }
  if (open != nullptr)
    throw InputError(open->at(), "block " + open->name + " is not closed; expected 'END " + open->name + "'");
  return file;
}

std::string resolve_path(const std::string& referencing_file, const std::string& name) {
  std::filesystem::path p(name);
  if (p.is_absolute()) return name;
  return (std::filesystem::path(referencing_file).parent_path() / p).lexically_normal().string();
}

bool parse_double(const std::string& text, double& value) {
  if (text.empty()) return false;
  std::string s = text;
  for (auto& c : s)
    if (c == 'd' || c == 'D') c = 'e';
  // Fortran also writes exponents without the letter ("1.5-3"): insert it.
  for (std::size_t i = 1; i < s.size(); ++i) {
    if ((s[i] == '-' || s[i] == '+') && (std::isdigit(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.') &&
        s.find_first_of("eE") == std::string::npos) {
      s.insert(i, "e");
      break;
    }
  }
  errno = 0;
  char* end = nullptr;
  value = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0' && errno != ERANGE;
}

bool parse_int(const std::string& text, long& value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtol(text.c_str(), &end, 10);
  return end != text.c_str() && *end == '\0' && errno != ERANGE;
}

}  // namespace aquifer::mf6
