#include "params/csv_table.hpp"

namespace aquifer::params {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Adds the field text[begin, end) (0-based offsets in the line) to the row, trimmed.
void add_field(std::string_view line, std::size_t begin, std::size_t end, CsvRow& row) {
  while (begin < end && is_blank(line[begin])) ++begin;
  while (end > begin && is_blank(line[end - 1])) --end;
  std::string_view text = line.substr(begin, end - begin);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  row.fields.push_back({std::string(text), static_cast<int>(begin) + 1});
}

void split_commas(std::string_view line, CsvRow& row) {
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    add_field(line, begin, end, row);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
}

void split_blanks(std::string_view line, CsvRow& row) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i >= line.size()) break;
    const std::size_t begin = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    add_field(line, begin, i, row);
  }
}

}  // namespace

std::vector<CsvRow> parse_csv(std::string_view text, CsvSeparator separator) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  int line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    std::size_t first = 0;
    while (first < line.size() && is_blank(line[first])) ++first;
    if (first == line.size() || line[first] == '#') continue;
    CsvRow row;
    row.line = line_number;
    const bool commas = line.find(',') != std::string_view::npos;
    if (separator == CsvSeparator::comma || commas) {
      split_commas(line, row);
    } else {
      split_blanks(line, row);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool looks_like_header(const CsvRow& row) {
  if (row.fields.empty() || row.fields.front().text.empty()) return false;
  const char c = row.fields.front().text.front();
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace aquifer::params
