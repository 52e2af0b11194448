// A small CSV reader that keeps the 1-based line and column of every field, so that problems
// inside data files can be reported where they are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aquifer::params {

struct CsvField final {
  std::string text;  // trimmed of surrounding blanks and of one pair of double quotes
  int column = 1;    // 1-based column of the field's first character
};

struct CsvRow final {
  int line = 1;  // 1-based line in the file
  std::vector<CsvField> fields;
};

enum class CsvSeparator {
  comma,                // fields split at commas only (dates may contain spaces)
  comma_or_whitespace,  // a line with a comma splits at commas, otherwise at blanks
};

// What the CSV readers trim around fields and split blank-separated lines at.
[[nodiscard]] constexpr bool is_csv_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
// The UTF-8 byte-order mark they skip at the start of a text.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A field of the line being read: a view into the text, valid while the text lives.
struct CsvFieldView final {
  std::string_view text;  // trimmed as CsvField::text
  int column = 1;         // 1-based column of the field's first character
};

// Reads text line by line, splitting each line into fields exactly as parse_csv does, without
// copying: for large numeric files (rasters) read in one pass.
class CsvLineReader final {
 public:
  CsvLineReader(std::string_view text, CsvSeparator separator);
  // The fields of the next line that is not blank or a comment; false at the end of the text.
  bool next(std::vector<CsvFieldView>& fields);
  // 1-based line number of the line last returned by next().
  [[nodiscard]] int line() const { return line_number_; }

 private:
  std::string_view text_;
  CsvSeparator separator_;
  std::size_t pos_ = 0;
  int line_number_ = 0;
};

// Splits text into rows. Blank lines and lines whose first non-blank character is '#' are
// skipped (their line numbers still count). Handles "\r\n" line ends and a UTF-8 BOM.
// Quotes are not interpreted beyond stripping one surrounding pair.
[[nodiscard]] std::vector<CsvRow> parse_csv(std::string_view text, CsvSeparator separator);

// True when the row looks like a header: its first field starts with a letter.
[[nodiscard]] bool looks_like_header(const CsvRow& row);

}  // namespace aquifer::params
