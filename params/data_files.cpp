#include "params/data_files.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/calendar.hpp"
#include "params/csv_table.hpp"
#include "params/units.hpp"

namespace aquifer::params {

namespace {

// The whole file into text: one read of its size (no stream-buffer copies), or through the
// stream buffer when it has no size (a pipe). Leaves `in` failed when reading failed.
void read_stream(std::ifstream& in, std::string& text) {
  in.seekg(0, std::ios::end);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
  if (size < 0) {  // not seekable: nothing was consumed
    in.clear();
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return;
  }
  in.seekg(0, std::ios::beg);
  text.resize(static_cast<std::size_t>(size));
  in.read(text.data(), static_cast<std::streamsize>(size));
}

}  // namespace

void InputFiles::record(const std::string& path) {
  if (std::find(read_.begin(), read_.end(), path) == read_.end()) read_.push_back(path);
}

const std::string* InputFiles::text(const FileRef& ref) {
  if (const auto it = texts_.find(ref.path); it != texts_.end()) return &it->second;
  std::error_code ec;
  std::string why;
  if (!std::filesystem::exists(ref.path, ec)) {
    why = "no such file";
  } else if (std::filesystem::is_directory(ref.path, ec)) {
    why = "it is a directory";
  }
  std::string content;
  if (why.empty()) {
    errno = 0;
    std::ifstream in(ref.path, std::ios::binary);
    if (in) read_stream(in, content);
    if (!in) why = errno != 0 ? std::strerror(errno) : "unreadable";
  }
  if (!why.empty()) {
    problems_.error(ref.pos, "cannot read file \"" + ref.path + "\" (" + why +
                                 "); expected an existing, readable file (relative paths are "
                                 "resolved against the scenario's folder)");
    return nullptr;
  }
  record(ref.path);
  if (on_read_) on_read_(ref.path, content);
  return &texts_.emplace(ref.path, std::move(content)).first->second;
}

const MultiPolygon* InputFiles::polygons(const FileRef& ref) {
  if (const auto it = shapes_.find(ref.path); it != shapes_.end()) {
    return it->second ? &*it->second : nullptr;
  }
  const std::string* content = text(ref);
  if (!content) return nullptr;  // reported; retried (and reported) at the next reference
  GeoJsonError error;
  auto shape = parse_geojson(*content, &error);
  if (!shape) {
    problems_.error({problems_.file_id(ref.path), error.line, error.column},
                    error.message + " (expected a GeoJSON Polygon, MultiPolygon, Feature or "
                                    "FeatureCollection in the grid's coordinates)");
  }
  const auto& stored = shapes_.emplace(ref.path, std::move(shape)).first->second;
  return stored ? &*stored : nullptr;
}

namespace {

std::string row_count_expectation(int ny, const std::vector<int>& allowed_blocks) {
  std::string text = "expected " + std::to_string(ny) + " rows (ny)";
  for (const int b : allowed_blocks) {
    if (b != 1) text += " or " + std::to_string(b * ny) + " rows (" + std::to_string(b) + " x ny)";
  }
  return text + " of values, the first line being the northern row";
}

// Checks the number of rows; reports at the line where the file goes wrong.
bool check_row_count(const std::vector<CsvRow>& rows, int ny, const std::vector<int>& allowed,
                     int file, const std::string& what, Problems& problems) {
  const int count = static_cast<int>(rows.size());
  const int most = *std::max_element(allowed.begin(), allowed.end()) * ny;
  for (const int b : allowed) {
    if (count == b * ny) return true;
  }
  const std::string expected = row_count_expectation(ny, allowed);
  if (rows.empty()) {
    problems.error({file, 0, 0}, what + ": the file has no rows of values; " + expected);
  } else if (count > most) {
    problems.error({file, rows[static_cast<std::size_t>(most)].line, 0},
                   what + ": one row too many (row " + std::to_string(most + 1) + "); " + expected);
  } else {
    problems.error({file, rows.back().line, 0},
                   what + ": the file ends after " + std::to_string(count) + " rows; " + expected);
  }
  return false;
}

// One pass over a well-formed raster, with no copy of its text and no field list: each number
// is parsed where it stands. Accepts a subset of what read_raster_reporting reads (numbers
// separated by commas, or by blanks on lines without commas; blank and '#' lines skipped; a
// UTF-8 BOM) and gives the same values and positions; nullopt (nothing reported) at the first
// thing that is not so (a quote, a '+', an empty field, a bad number), which
// read_raster_reporting then reads and reports.
std::optional<Raster> read_raster_fast(std::string_view content, int file, int nx, int ny,
                                       const std::vector<int>& allowed_blocks, double factor) {
  if (content.substr(0, kUtf8Bom.size()) == kUtf8Bom) content.remove_prefix(kUtf8Bom.size());  // as CsvLineReader
  const int most_blocks = *std::max_element(allowed_blocks.begin(), allowed_blocks.end());
  const std::size_t per_block = static_cast<std::size_t>(nx) * ny;
  Raster raster;
  raster.values.reserve(per_block);
  raster.where.reserve(per_block);
  const char* p = content.data();
  const char* const end = p + content.size();
  int line_number = 0;
  int i = 0;  // data line
  for (; p < end; p = p < end ? p + 1 : p) {  // p: the '\n' ending the line just read, or end
    const char* line = p;
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* eol = newline != nullptr ? newline : end;
    p = eol;
    ++line_number;
    const char* f = line;
    while (f < eol && is_csv_blank(*f)) ++f;
    if (f == eol || *f == '#') continue;
    if (i >= most_blocks * ny) return std::nullopt;
    // Line i of block b is grid row ny-1-(i mod ny): the file starts in the north.
    const int block = i / ny;
    const int grid_row = ny - 1 - i % ny;
    if (i % ny == 0) {
      raster.values.resize((static_cast<std::size_t>(block) + 1) * per_block);
      raster.where.resize(raster.values.size());
    }
    const std::size_t row_start = (static_cast<std::size_t>(block) * ny + grid_row) * nx;
    const bool commas = std::memchr(f, ',', static_cast<std::size_t>(eol - f)) != nullptr;
    for (int col = 0;; ++col) {  // f: the first character of field col
      if (col == nx) return std::nullopt;
      double value = 0.0;
      const auto [after, ec] = std::from_chars(f, eol, value);
      if (ec != std::errc()) return std::nullopt;
      raster.values[row_start + col] = value * factor;
      raster.where[row_start + col] = {file, line_number, static_cast<int>(f - line) + 1};
      const char* next = after;
      while (next < eol && is_csv_blank(*next)) ++next;
      if (next == eol) {
        if (col + 1 != nx) return std::nullopt;
        break;
      }
      if (commas) {
        if (*next != ',') return std::nullopt;
        ++next;
        while (next < eol && is_csv_blank(*next)) ++next;
      } else if (next == after) {
        return std::nullopt;  // a number followed by something else than a blank
      }
      f = next;
    }
    ++i;
  }
  if (std::find(allowed_blocks.begin(), allowed_blocks.end(), i / ny) == allowed_blocks.end() ||
      i % ny != 0 || i == 0)
    return std::nullopt;
  raster.blocks = i / ny;
  return raster;
}

// The reading of a raster that read_raster_fast did not accept, reporting every problem.
std::optional<Raster> read_raster_reporting(const std::string& content, int file, int nx, int ny,
                                            const std::vector<int>& allowed_blocks, double factor,
                                            const std::string& what, Problems& problems) {
  const auto rows = parse_csv(content, CsvSeparator::comma_or_whitespace);
  if (!check_row_count(rows, ny, allowed_blocks, file, what, problems)) return std::nullopt;
  Raster raster;
  raster.blocks = static_cast<int>(rows.size()) / ny;
  const std::size_t n = rows.size() * static_cast<std::size_t>(nx);
  raster.values.assign(n, 0.0);
  raster.where.assign(n, SourcePos{});
  bool ok = true;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CsvRow& row = rows[i];
    const int count = static_cast<int>(row.fields.size());
    if (count != nx) {
      const int column = count > nx ? row.fields[static_cast<std::size_t>(nx)].column : 0;
      problems.error({file, row.line, column}, what + ": the row has " + std::to_string(count) +
                                                   " values; expected nx = " + std::to_string(nx));
      ok = false;
      continue;
    }
    // Line i of block b is grid row ny-1-(i mod ny): the file starts in the north.
    const int block = static_cast<int>(i) / ny;
    const int grid_row = ny - 1 - static_cast<int>(i) % ny;
    for (int col = 0; col < nx; ++col) {
      const CsvField& field = row.fields[static_cast<std::size_t>(col)];
      const std::size_t at = (static_cast<std::size_t>(block) * ny + grid_row) * nx + col;
      raster.where[at] = {file, row.line, field.column};
      const auto value = parse_number(field.text);
      if (!value) {
        problems.error(raster.where[at], what + ": \"" + field.text + "\" is not a number; "
                                                "expected a number (nan marks no data)");
        ok = false;
        continue;
      }
      raster.values[at] = *value * factor;
    }
  }
  if (!ok) return std::nullopt;
  return raster;
}

}  // namespace

namespace raster_detail {
std::optional<Raster> read_fast(std::string_view content, int file, int nx, int ny,
                                const std::vector<int>& allowed_blocks, double factor) {
  return read_raster_fast(content, file, nx, ny, allowed_blocks, factor);
}
std::optional<Raster> read_reporting(const std::string& content, int file, int nx, int ny,
                                     const std::vector<int>& allowed_blocks, double factor,
                                     const std::string& what, Problems& problems) {
  return read_raster_reporting(content, file, nx, ny, allowed_blocks, factor, what, problems);
}
}  // namespace raster_detail

std::optional<Raster> read_raster(InputFiles& files, const FileRef& ref, int nx, int ny,
                                  const std::vector<int>& allowed_blocks, double factor,
                                  const std::string& what) {
  const std::string* content = files.text(ref);
  if (!content) return std::nullopt;
  Problems& problems = files.problems();
  const int file = problems.file_id(ref.path);
  auto raster = read_raster_fast(*content, file, nx, ny, allowed_blocks, factor);
  if (!raster) raster = read_raster_reporting(*content, file, nx, ny, allowed_blocks, factor, what, problems);
  files.release_text(ref.path);  // its memory serves the next file
  return raster;
}

namespace {

// One "date,value" row -> (time since start [d], value); reports problems in the row.
std::optional<std::pair<double, double>> schedule_row(const CsvRow& row, int file,
                                                      const ScheduleFormat& format,
                                                      Problems& problems) {
  const std::string expected = "expected rows of date," + format.value_column;
  if (row.fields.size() != 2) {
    const int column = row.fields.size() > 2 ? row.fields[2].column : 0;
    problems.error({file, row.line, column}, "the row has " + std::to_string(row.fields.size()) +
                                                 " columns; " + expected);
    return std::nullopt;
  }
  std::string why;
  const auto time = parse_iso8601(row.fields[0].text, format.utc_offset_min, &why);
  if (!time) problems.error({file, row.line, row.fields[0].column}, "date: " + why);
  const auto value = parse_number(row.fields[1].text);
  if (!value || !std::isfinite(*value)) {
    problems.error({file, row.line, row.fields[1].column},
                   format.value_column + ": \"" + row.fields[1].text + "\" is not a number; " +
                       expected + " (in canonical units)");
  }
  if (!time || !value || !std::isfinite(*value)) return std::nullopt;
  return std::pair{time->epoch_d - format.start_epoch_d, *value};
}

// With format.header_required: the first row must be "date,<value_column>". Reports the first
// field that differs (or the missing header) and returns false.
bool check_header(const std::vector<CsvRow>& rows, int file, const ScheduleFormat& format,
                  Problems& problems) {
  const std::string expected = "expected the header line date," + format.value_column;
  if (rows.empty() || !looks_like_header(rows.front())) {
    problems.error({file, rows.empty() ? 0 : rows.front().line, rows.empty() ? 0 : 1},
                   "the schedule has no header; " + expected + " (it names the unit)");
    return false;
  }
  const CsvRow& header = rows.front();
  const std::string names[2] = {"date", format.value_column};
  for (std::size_t i = 0; i < header.fields.size() || i < 2; ++i) {
    if (i < 2 && i < header.fields.size() && header.fields[i].text == names[i]) continue;
    const int column = i < header.fields.size() ? header.fields[i].column : 0;
    const std::string got = i < header.fields.size()
                                ? "column " + std::to_string(i + 1) + " is named \"" +
                                      header.fields[i].text + "\""
                                : "the header has only " + std::to_string(header.fields.size()) +
                                      " column";
    problems.error({file, header.line, column}, got + "; " + expected + " (it names the unit)");
    return false;
  }
  return true;
}

}  // namespace

bool read_schedule(InputFiles& files, const FileRef& ref, const ScheduleFormat& format,
                   solver::PiecewiseConstant& series, std::vector<SourcePos>* value_positions) {
  const std::string* content = files.text(ref);
  if (!content) return false;
  Problems& problems = files.problems();
  const int file = problems.file_id(ref.path);
  auto rows = parse_csv(*content, CsvSeparator::comma);
  if (format.header_required && !check_header(rows, file, format, problems)) return false;
  if (!rows.empty() && looks_like_header(rows.front())) rows.erase(rows.begin());
  if (rows.empty()) {
    problems.error({file, 0, 0}, "the schedule has no data rows; expected rows of date," +
                                     format.value_column);
    return false;
  }
  bool ok = true;
  int previous_line = 0;
  for (const CsvRow& row : rows) {
    const auto entry = schedule_row(row, file, format, problems);
    if (!entry) {
      ok = false;
      continue;
    }
    if (!series.times_d.empty() && !(entry->first > series.times_d.back())) {
      problems.error({file, row.line, row.fields[0].column},
                     "date " + row.fields[0].text + " is not after the previous row's (line " +
                         std::to_string(previous_line) +
                         "); expected rows in strictly increasing time");
      ok = false;
      continue;
    }
    series.times_d.push_back(entry->first);
    series.values.push_back(entry->second);
    if (value_positions) value_positions->push_back({file, row.line, row.fields[1].column});
    previous_line = row.line;
  }
  return ok;
}

}  // namespace aquifer::params
