// MODFLOW 6 block-structured input files (MF6 input/output guide, "Block and keyword input"):
//   BEGIN <name> [args]  ...  END <name>
// Keywords are case-insensitive; lines whose first non-blank characters are '#', '!' or '//'
// are comments, as are blank lines; items are separated by blanks, tabs or commas; a quoted
// item ('...' or "...") may hold blanks. Text outside blocks is ignored, as MF6 does.
#pragma once

#include <string>
#include <vector>

#include "mf6/input_error.hpp"

namespace aquifer::mf6 {

struct Token final {
  std::string text;  // as written (quotes removed)
  int column = 0;    // 1-based column of the first character
  [[nodiscard]] std::string upper() const;
};

struct Line final {
  std::vector<Token> tokens;  // never empty for lines stored in a block
  std::string file;
  int number = 0;  // 1-based line number
  [[nodiscard]] InputPosition at(std::size_t token_index) const;
  [[nodiscard]] std::string keyword() const { return tokens.front().upper(); }
};

struct Block final {
  std::string name;                // upper case
  std::vector<Token> header_args;  // items after BEGIN <name>, e.g. the period number
  std::string file;
  int line = 0;
  std::vector<Line> lines;
  [[nodiscard]] InputPosition at() const { return {file, line, 1}; }
};

struct BlockFile final {
  std::string path;
  std::vector<Block> blocks;
  // The single block of this name, or nullptr; a repeated block is an InputError.
  [[nodiscard]] const Block* find(const std::string& upper_name) const;
  [[nodiscard]] std::vector<const Block*> all(const std::string& upper_name) const;
};

// Splits one line into tokens; an empty vector for blank and comment lines.
std::vector<Token> tokenize(const std::string& text);
std::string to_upper(std::string s);

// Reads the whole file into blocks. Throws InputError for a missing file, an unterminated
// block or an END that does not match its BEGIN.
BlockFile read_block_file(const std::string& path);

// Reads every non-comment line of a plain text file (used for OPEN/CLOSE files).
std::vector<Line> read_data_lines(const std::string& path, const InputPosition& referenced_from);

// Resolves a file name from a deck relative to the folder of the file that names it.
std::string resolve_path(const std::string& referencing_file, const std::string& name);

// Parses a number as MF6's Fortran reads it ("1.", "1.E00", "1d-3"); false if it is not one.
bool parse_double(const std::string& text, double& value);
bool parse_int(const std::string& text, long& value);

}  // namespace aquifer::mf6
