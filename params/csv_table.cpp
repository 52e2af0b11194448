#include "params/csv_table.hpp"

namespace aquifer::params {
namespace {

// Adds the field text[begin, end) (0-based offsets in the line) to the fields, trimmed.
void add_field(std::string_view line, std::size_t begin, std::size_t end,
               std::vector<CsvFieldView>& fields) {
  while (begin < end && is_csv_blank(line[begin])) ++begin;
  while (end > begin && is_csv_blank(line[end - 1])) --end;
  std::string_view text = line.substr(begin, end - begin);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  fields.push_back({text, static_cast<int>(begin) + 1});
}

void split_commas(std::string_view line, std::vector<CsvFieldView>& fields) {
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    add_field(line, begin, end, fields);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
}

void split_blanks(std::string_view line, std::vector<CsvFieldView>& fields) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_csv_blank(line[i])) ++i;
    if (i >= line.size()) break;
    const std::size_t begin = i;
    while (i < line.size() && !is_csv_blank(line[i])) ++i;
    add_field(line, begin, i, fields);
  }
}

}  // namespace

CsvLineReader::CsvLineReader(std::string_view text, CsvSeparator separator)
    : text_(text), separator_(separator) {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) text_.remove_prefix(kUtf8Bom.size());
}

bool CsvLineReader::next(std::vector<CsvFieldView>& fields) {
  fields.clear();
  while (pos_ < text_.size()) {
    const std::size_t newline = text_.find('\n', pos_);
    const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
    const std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++line_number_;
    std::size_t first = 0;
    while (first < line.size() && is_csv_blank(line[first])) ++first;
    if (first == line.size() || line[first] == '#') continue;
    const bool commas = line.find(',') != std::string_view::npos;
    if (separator_ == CsvSeparator::comma || commas) {
      split_commas(line, fields);
    } else {
      split_blanks(line, fields);
    }
    return true;
  }
  return false;
}

std::vector<CsvRow> parse_csv(std::string_view text, CsvSeparator separator) {
  std::vector<CsvRow> rows;
  CsvLineReader reader(text, separator);
  std::vector<CsvFieldView> fields;
  while (reader.next(fields)) {
    CsvRow row;
    row.line = reader.line();
    row.fields.reserve(fields.size());
    for (const CsvFieldView& f : fields) row.fields.push_back({std::string(f.text), f.column});
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
