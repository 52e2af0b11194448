#include "mf6/array_reader.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>

namespace aquifer::mf6 {

std::size_t ArrayShape::size() const {
  std::size_t n = static_cast<std::size_t>(ncol);
  if (nrow > 0) n *= static_cast<std::size_t>(nrow);
  if (nlay > 0) n *= static_cast<std::size_t>(nlay);
  return n;
}

namespace {

// Lines that values are read from: the block itself (INTERNAL) or an OPEN/CLOSE file.
struct ValueSource final {
  const std::vector<Line>* lines = nullptr;
  std::size_t index = 0;
};

struct Control final {
  enum class Kind { kConstant, kInternal, kOpenClose } kind = Kind::kConstant;
  double constant = 0.0;
  double factor = 1.0;
  bool binary = false;
  std::string file;
  InputPosition where;
};

Control parse_control(const Line& line, const std::string& array_name, bool is_int) {
  Control c;
  c.where = line.at(0);
  const std::string key = line.keyword();
  std::size_t i = 1;
  if (key == "CONSTANT") {
    c.kind = Control::Kind::kConstant;
    long iv = 0;
    const bool ok = line.tokens.size() > 1 &&
                    (is_int ? parse_int(line.tokens[1].text, iv) : parse_double(line.tokens[1].text, c.constant));
    if (!ok)
      throw InputError(line.at(1), array_name + ": CONSTANT needs " + (is_int ? "an integer" : "a number"));
    if (is_int) c.constant = static_cast<double>(iv);
    return c;  // text after the value is a label
  }
  if (key == "INTERNAL") {
    c.kind = Control::Kind::kInternal;
  } else if (key == "OPEN/CLOSE") {
    c.kind = Control::Kind::kOpenClose;
    if (line.tokens.size() < 2) throw InputError(line.at(1), array_name + ": OPEN/CLOSE needs a file name");
    c.file = resolve_path(line.file, line.tokens[1].text);
    i = 2;
  } else {
    throw InputError(line.at(0), array_name + ": expected CONSTANT, INTERNAL or OPEN/CLOSE, found '" +
                                     line.tokens[0].text + "'");
  }
  for (; i < line.tokens.size(); ++i) {
    const std::string opt = line.tokens[i].upper();
    if (opt == "FACTOR") {
      if (i + 1 >= line.tokens.size() || !parse_double(line.tokens[i + 1].text, c.factor))
        throw InputError(line.at(i + 1), array_name + ": FACTOR needs a number");
      ++i;
    } else if (opt == "IPRN") {
      ++i;  // print flag: listing-file only
    } else if (opt == "(BINARY)" || opt == "BINARY") {
      c.binary = true;
    } else {
      break;  // the rest is a label
    }
  }
  if (c.binary && c.kind != Control::Kind::kOpenClose)
    throw InputError(c.where, array_name + ": (BINARY) is only valid with OPEN/CLOSE");
  return c;
}

// One list-directed read of `count` values starting on a new line.
void read_values(ValueSource& src, std::size_t count, bool is_int, const std::string& name,
                 const InputPosition& control_at, std::vector<double>& out) {
  std::size_t got = 0;
  while (got < count) {
    if (src.index >= src.lines->size())
      throw InputError(control_at, name + ": expected " + std::to_string(count) + " values, found only " +
                                       std::to_string(got) + " before the data ended");
    const Line& line = (*src.lines)[src.index++];
    for (std::size_t t = 0; t < line.tokens.size() && got < count; ++t) {
      std::string text = line.tokens[t].text;
      long repeat = 1;
      const auto star = text.find('*');
      if (star != std::string::npos) {
        if (!parse_int(text.substr(0, star), repeat) || repeat < 1)
          throw InputError(line.at(t), name + ": bad repeat count in '" + text + "'");
        text = text.substr(star + 1);
      }
      double v = 0.0;
      long iv = 0;
      const bool ok = is_int ? parse_int(text, iv) : parse_double(text, v);
      if (!ok)
        throw InputError(line.at(t), name + ": expected " + std::string(is_int ? "an integer" : "a number") +
                                         ", found '" + line.tokens[t].text + "'");
      if (is_int) v = static_cast<double>(iv);
      for (long r = 0; r < repeat && got < count; ++r, ++got) out.push_back(v);
    }
  }
}

// Reads `count` values of one layer (or of the whole array) from a binary MF6 array file.
void read_binary(std::ifstream& in, std::size_t count, bool is_int, const Control& c, const std::string& name,
                 std::vector<double>& out) {
  char header[52];
  if (!in.read(header, sizeof header))
    throw InputError(c.where, name + ": binary file '" + c.file + "' ends before the header record");
  std::int32_t ncol = 0, nrow = 0;
  std::memcpy(&ncol, header + 40, 4);
  std::memcpy(&nrow, header + 44, 4);
  if (static_cast<std::size_t>(ncol) * static_cast<std::size_t>(std::max(nrow, 1)) != count)
    throw InputError(c.where, name + ": binary header holds " + std::to_string(ncol) + " x " +
                                  std::to_string(nrow) + " values; expected " + std::to_string(count));
  for (std::size_t k = 0; k < count; ++k) {
    if (is_int) {
      std::int32_t v = 0;
      if (!in.read(reinterpret_cast<char*>(&v), 4)) throw InputError(c.where, name + ": binary file too short");
      out.push_back(static_cast<double>(v));
    } else {
      double v = 0;
      if (!in.read(reinterpret_cast<char*>(&v), 8)) throw InputError(c.where, name + ": binary file too short");
      out.push_back(v);
    }
  }
}

// Reads one control record and its values: `rows` reads of `per_row` values each.
void read_part(BlockCursor& cursor, std::size_t rows, std::size_t per_row, bool is_int, const std::string& name,
               std::vector<double>& out) {
  if (cursor.done())
    throw InputError(cursor.block->at(), name + ": the block ends where a CONSTANT, INTERNAL or OPEN/CLOSE "
                                                "record was expected");
  const Control c = parse_control(cursor.line(), name, is_int);
  ++cursor.index;
  const std::size_t start = out.size();
  if (c.kind == Control::Kind::kConstant) {
    out.insert(out.end(), rows * per_row, c.constant);
    return;
  }
  if (c.kind == Control::Kind::kInternal) {
    ValueSource src{&cursor.block->lines, cursor.index};
    for (std::size_t r = 0; r < rows; ++r) read_values(src, per_row, is_int, name, c.where, out);
    cursor.index = src.index;
  } else if (c.binary) {
    std::ifstream in(c.file, std::ios::binary);
    if (!in) throw InputError(c.where, name + ": cannot open binary file '" + c.file + "'");
    read_binary(in, rows * per_row, is_int, c, name, out);
  } else {
    const auto lines = read_data_lines(c.file, c.where);
    ValueSource src{&lines, 0};
    for (std::size_t r = 0; r < rows; ++r) read_values(src, per_row, is_int, name, c.where, out);
  }
  for (std::size_t k = start; k < out.size(); ++k) out[k] *= c.factor;
}

std::vector<double> read_array(BlockCursor& cursor, const ArrayShape& shape, bool is_int) {
  const Line& name_line = cursor.line();
  const std::string name = name_line.tokens[0].upper();
  bool layered = false;
  for (std::size_t t = 1; t < name_line.tokens.size(); ++t)
    if (name_line.tokens[t].upper() == "LAYERED") layered = true;
  if (shape.nlay == 0) layered = false;  // MF6 accepts LAYERED on a one-layer (2-D) array
  ++cursor.index;
  std::vector<double> out;
  out.reserve(shape.size());
  const auto ncol = static_cast<std::size_t>(shape.ncol);
  const auto nrow = static_cast<std::size_t>(shape.nrow);
  if (layered) {
    for (int k = 0; k < shape.nlay; ++k) read_part(cursor, nrow, ncol, is_int, name, out);
  } else if (shape.nlay > 0) {
    read_part(cursor, 1, shape.size(), is_int, name, out);
  } else if (shape.nrow > 0) {
    read_part(cursor, nrow, ncol, is_int, name, out);
  } else {
    read_part(cursor, 1, ncol, is_int, name, out);
  }
  return out;
}

}  // namespace

std::vector<double> read_double_array(BlockCursor& cursor, const ArrayShape& shape) {
  return read_array(cursor, shape, false);
}

std::vector<int> read_int_array(BlockCursor& cursor, const ArrayShape& shape) {
  const auto values = read_array(cursor, shape, true);
  std::vector<int> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = static_cast<int>(std::lround(values[i]));
  return out;
}

}  // namespace aquifer::mf6
