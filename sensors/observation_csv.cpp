#include "sensors/observation_csv.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <numeric>
#include <thread>
#include <unordered_map>

#include "params/load_scenario.hpp"
#include "sensors/bulk_file.hpp"
#include "sensors/csv_scan.hpp"

namespace aquifer::sensors {
namespace {

using params::InputError;
using params::InputProblem;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void fail(const std::string& file, int line, int column, std::string message) {
  throw InputError({InputProblem{file, line, column, std::move(message)}});
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_time_name(std::string_view name) {
  const std::string n = lower(name);
  return n == "date" || n == "time" || n == "datetime" || n == "timestamp" ||
         n == "peildatum" || n == "datum" || n == "tijd" || n == "date_time";
}

// The structure found in the header line.
struct Layout final {
  bool long_form = false;
  int n_fields = 0;
  int time_col = -1;
  int well_col = -1;                // long form
  int head_col = -1;                // long form
  std::vector<int> value_cols;      // wide form: the columns read
  std::vector<std::string> names;   // wide form: series id of each read column
  std::string long_filter;          // long form single-series: the well_id rows to keep
};

std::string list_names(const std::vector<std::string>& names, const std::vector<int>& cols) {
  std::string out;
  for (const int c : cols) out += (out.empty() ? "\"" : ", \"") + names[c] + "\"";
  return out;
}

Layout read_header(std::string_view line, const std::string& file,
                   const ObservationReadOptions& opt) {
  std::vector<std::string_view> raw;
  std::vector<int> starts;
  scan::split(line, raw, starts);
  Layout lay;
  lay.n_fields = static_cast<int>(raw.size());
  std::vector<std::string> names;
  for (const auto f : raw) names.emplace_back(scan::trim(f));
  for (int c = 0; c < lay.n_fields; ++c) {
    const std::string n = lower(names[c]);
    if (lay.time_col < 0 && is_time_name(n)) lay.time_col = c;
    if (n == "well_id") lay.well_col = c;
  }
  if (lay.time_col < 0 && lay.n_fields >= 2 && names[0].empty()) lay.time_col = 0;  // index
  if (lay.time_col < 0) {
    fail(file, 1, 1, "no time column in the header \"" + std::string(scan::trim(line)) +
                         "\"; expected a first column named date, time, datetime or "
                         "Peildatum (or an unnamed index column)");
  }
  for (int c = 0; c < lay.n_fields; ++c) {
    if (c != lay.time_col && names[c].empty()) {
      fail(file, 1, starts[c] + 1, "column " + std::to_string(c + 1) +
                                       " of the header has no name; expected a well id");
    }
    for (int k = 0; k < c; ++k) {
      if (k != lay.time_col && names[k] == names[c]) {
        fail(file, 1, starts[c] + 1, "column name \"" + names[c] + "\" appears twice (columns " +
                                         std::to_string(k + 1) + " and " +
                                         std::to_string(c + 1) + ")");
      }
    }
  }
  if (lay.well_col >= 0) {
    lay.long_form = true;
    for (int c = 0; c < lay.n_fields; ++c) {
      const std::string n = lower(names[c]);
      if (n == "head" || n == "value") lay.head_col = c;
    }
    if (lay.head_col < 0) {
      fail(file, 1, 1, "long-form file (with a well_id column) has no head column; expected "
                       "the header well_id,time,head");
    }
    if (!opt.well_id.empty()) lay.long_filter = opt.column.empty() ? opt.well_id : opt.column;
    return lay;
  }
  std::vector<int> candidates;
  for (int c = 0; c < lay.n_fields; ++c) {
    if (c != lay.time_col) candidates.push_back(c);
  }
  if (candidates.empty()) fail(file, 1, 1, "the header has a time column but no value column");
  auto column_of = [&](const std::string& wanted) {
    for (const int c : candidates) {
      if (names[c] == wanted) return c;
    }
    fail(file, 1, 1, "no column \"" + wanted + "\" in this file; its columns are " +
                         list_names(names, candidates));
  };
  if (!opt.well_id.empty()) {
    int col = -1;
    if (!opt.column.empty()) {
      col = column_of(opt.column);
    } else if (candidates.size() == 1) {
      col = candidates.front();
    } else {
      const auto it = std::find(names.begin(), names.end(), opt.well_id);
      if (it == names.end()) {
        fail(file, 1, 1, "the file has " + std::to_string(candidates.size()) +
                             " value columns (" + list_names(names, candidates) +
                             ") and none is named \"" + opt.well_id +
                             "\"; expected `column = ...` naming the well's column");
      }
      col = static_cast<int>(it - names.begin());
    }
    lay.value_cols = {col};
    lay.names = {opt.well_id};
    return lay;
  }
  if (opt.wells.empty()) {
    lay.value_cols = candidates;
    for (const int c : candidates) lay.names.push_back(names[c]);
  } else {
    for (const auto& w : opt.wells) {
      lay.value_cols.push_back(column_of(w));
      lay.names.push_back(w);
    }
  }
  return lay;
}

// Row-by-row reading of the data lines into the set.
class RowReader final {
 public:
  RowReader(const Layout& lay, const std::string& file, const ObservationReadOptions& opt,
            ObservationSet& out)
      : lay_(lay), file_(file), opt_(opt), out_(out) {
    if (!lay.long_form) {
      for (const auto& n : lay.names) add_series(n);
    } else if (!lay.long_filter.empty()) {
      add_series(opt.well_id.empty() ? lay.long_filter : opt.well_id);
      well_index_.emplace(lay.long_filter, 0);
    } else if (!opt.wells.empty()) {
      for (const auto& w : opt.wells) well_index_.emplace(w, add_series(w));
    }
  }

  // Wide form: reserves every series for the rows the remaining `bytes` likely hold, judged
  // from the line lengths in `sample` (avoids regrowing ~GB of vectors on large files).
  void reserve_for(std::size_t bytes, std::string_view sample) {
    if (lay_.long_form || sample.empty()) return;
    const auto lines = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n'));
    if (lines == 0) return;
    const std::size_t rows = bytes / (sample.size() / lines) + 16;
    for (auto& s : out_.series) {
      reserve_populated(s.t, rows);
      reserve_populated(s.head, rows);
      reserve_populated(s.line, rows);
    }
  }

  void row(std::string_view line, int line_no) {
    scan::split(line, fields_, starts_);
    if (static_cast<int>(fields_.size()) != lay_.n_fields) {
      issue(line_no, "", "field_count", "has " + std::to_string(fields_.size()) +
                                            " fields, the header has " +
                                            std::to_string(lay_.n_fields) + "; row not read");
      return;
    }
    double t = 0.0;
    if (!time_of(fields_[lay_.time_col], t, line_no)) return;
    if (lay_.long_form) {
      const int s = series_for(scan::trim(fields_[lay_.well_col]));
      if (s >= 0) value(s, fields_[lay_.head_col], t, line_no, lay_.head_col);
      return;
    }
    for (std::size_t k = 0; k < lay_.value_cols.size(); ++k) {
      value(static_cast<int>(k), fields_[lay_.value_cols[k]], t, line_no, lay_.value_cols[k]);
    }
  }

 private:
  int add_series(const std::string& id) {
    ObservationSeries s;
    s.well_id = id;
    s.file = file_;
    s.utc_offset_min = opt_.utc_offset_min;
    out_.series.push_back(std::move(s));
    return static_cast<int>(out_.series.size()) - 1;
  }

  int series_for(std::string_view id) {
    if (id == last_id_ && last_series_ >= -1) return last_series_;
    const auto it = well_index_.find(std::string(id));
    int s = -1;
    if (it != well_index_.end()) {
      s = it->second;
    } else if (lay_.long_filter.empty() && opt_.wells.empty() && !id.empty()) {
      s = add_series(std::string(id));
      well_index_.emplace(std::string(id), s);
    }
    last_id_ = std::string(id);
    last_series_ = s;
    return s;
  }

  bool time_of(std::string_view text, double& t, int line_no) {
    std::string why;
    const bool ok = opt_.time_format.empty()
                        ? scan::parse_time_iso(text, opt_.utc_offset_min, t, &why)
                        : scan::parse_time_format(text, opt_.time_format, opt_.utc_offset_min,
                                                  t, &why);
    if (!ok) {
      issue(line_no, "", "unparsable_time", "time \"" + std::string(scan::trim(text)) + "\" " +
                                                (why.empty() ? "cannot be read" : why) +
                                                "; row not read");
    }
    return ok;
  }

  double offset_at(double t) const {
    double off = opt_.datum_offset_m;
    for (const auto& rc : opt_.reference_changes) {
      if (t >= rc.from_epoch_d) off = rc.datum_offset_m;
    }
    return off;
  }

  void value(int s, std::string_view text, double t, int line_no, int col) {
    ObservationSeries& ser = out_.series[s];
    double v = nan;
    const std::string_view trimmed = scan::trim(text);
    if (!trimmed.empty() && !scan::parse_number(trimmed, v)) {
      issue(line_no, ser.well_id, "unparsable",
            "column " + std::to_string(col + 1) + ": value \"" + std::string(trimmed) +
                "\" is not a number; kept as missing");
      v = nan;
    } else if (!std::isnan(v)) {
      v = v * opt_.unit_to_m + (opt_.reference_changes.empty() ? opt_.datum_offset_m
                                                                : offset_at(t));
      if (!(v >= opt_.valid_min_m && v <= opt_.valid_max_m)) {
        issue(line_no, ser.well_id, "out_of_range",
              "head " + std::to_string(v) + " m is outside the plausible range [" +
                  std::to_string(opt_.valid_min_m) + ", " + std::to_string(opt_.valid_max_m) +
                  "] m; kept, flagged");
      }
    }
    ser.t.push_back(t);
    ser.head.push_back(v);
    ser.line.push_back(line_no);
  }

  void issue(int line_no, const std::string& well, std::string kind, std::string msg) {
    out_.issues.push_back(DataIssue{file_, line_no, well, std::move(kind), std::move(msg)});
  }

  const Layout& lay_;
  const std::string& file_;
  const ObservationReadOptions& opt_;
  ObservationSet& out_;
  std::vector<std::string_view> fields_;
  std::vector<int> starts_;
  std::unordered_map<std::string, int> well_index_;
  std::string last_id_;
  int last_series_ = -2;
};

// Parses the data lines of `body`; line numbers count from first_line_no + 1.
// Reserves room for the rows of `reserve_bytes` (the rest of the file for the first part).
ObservationSet read_chunk(const Layout& lay, const std::string& name,
                          const ObservationReadOptions& opt, std::string_view body,
                          int first_line_no, std::size_t reserve_bytes) {
  ObservationSet set;
  RowReader rows(lay, name, opt, set);
  rows.reserve_for(reserve_bytes, body.substr(0, std::min<std::size_t>(body.size(), 1 << 16)));
  std::size_t pos = 0;
  int line_no = first_line_no;
  while (pos < body.size()) {
    const std::size_t nl = body.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? body.size() : nl;
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (scan::trim(line).empty()) continue;  // blank line: no data to keep
    rows.row(line, line_no);
  }
  return set;
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Appends the second part of a file (read with line numbers from 1) after the first.
void merge_chunk(ObservationSet& set, ObservationSet&& part, int line_offset) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < set.series.size(); ++i) index.emplace(set.series[i].well_id, i);
  for (auto& s : part.series) {
    for (auto& l : s.line) l += line_offset;
    const auto it = index.find(s.well_id);
    if (it == index.end()) {
      index.emplace(s.well_id, set.series.size());
      set.series.push_back(std::move(s));
      continue;
    }
    auto& to = set.series[it->second];
    append(to.t, s.t);
    append(to.head, s.head);
    append(to.line, s.line);
  }
  for (auto& i : part.issues) {
    i.line += line_offset;
    set.issues.push_back(std::move(i));
  }
}

// Files over this size are parsed by two threads, one per half (the machine has 2 cores).
constexpr std::size_t kTwoThreadBytes = 32u << 20;

ObservationSet read_rows(const Layout& lay, const std::string& name,
                         const ObservationReadOptions& opt, std::string_view body,
                         int header_line) {
  std::size_t cut = body.size();
  if (body.size() >= kTwoThreadBytes) {
    const std::size_t nl = body.find('\n', body.size() / 2);
    cut = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  if (cut >= body.size()) return read_chunk(lay, name, opt, body, header_line, body.size());
  ObservationSet second;
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      second = read_chunk(lay, name, opt, body.substr(cut), 0, body.size() - cut);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  ObservationSet first;
  try {
    first = read_chunk(lay, name, opt, body.substr(0, cut), header_line, body.size());
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (failure) std::rethrow_exception(failure);
  const auto lines_in_first = std::count(body.begin(), body.begin() + cut, '\n');
  merge_chunk(first, std::move(second), header_line + static_cast<int>(lines_in_first));
  return first;
}

// Duplicate and out-of-order times, per series, reported at the later line.
void check_times(const ObservationSeries& s, std::vector<DataIssue>& issues) {
  const std::size_t n = s.t.size();
  bool sorted = true;
  for (std::size_t i = 1; i < n; ++i) {
    if (s.t[i] < s.t[i - 1]) {
      sorted = false;
      issues.push_back({s.file, s.line[i], s.well_id, "out_of_order",
                        "time is earlier than the reading before it (line " +
                            std::to_string(s.line[i - 1]) + ")"});
    }
  }
  std::vector<std::size_t> order;
  if (!sorted) {
    order.resize(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return s.t[a] < s.t[b]; });
  }
  for (std::size_t k = 1; k < n; ++k) {
    const std::size_t a = sorted ? k - 1 : order[k - 1];
    const std::size_t b = sorted ? k : order[k];
    if (s.t[a] == s.t[b]) {
      issues.push_back({s.file, s.line[b], s.well_id, "duplicate_time",
                        "the same time as line " + std::to_string(s.line[a])});
    }
  }
}

void check_options(const std::string& name, const ObservationReadOptions& opt) {
  std::vector<InputProblem> problems;
  if (!opt.time_format.empty()) {
    const std::string why = scan::check_time_format(opt.time_format);
    if (!why.empty()) problems.push_back({name, 0, 0, "time_format \"" + opt.time_format +
                                                          "\": " + why});
  }
  if (!(opt.unit_to_m > 0.0)) problems.push_back({name, 0, 0, "unit factor must be positive"});
  for (std::size_t i = 1; i < opt.reference_changes.size(); ++i) {
    if (opt.reference_changes[i].from_epoch_d <= opt.reference_changes[i - 1].from_epoch_d) {
      problems.push_back({name, 0, 0, "reference_changes must be in increasing date order"});
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace

ObservationSet parse_observation_csv(std::string_view text, const std::string& name,
                                     const ObservationReadOptions& opt) {
  check_options(name, opt);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  std::size_t pos = 0;
  int line_no = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_no;
    return true;
  };
  std::string_view line;
  bool have_header = false;
  while (next_line(line)) {
    if (!scan::trim(line).empty()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) fail(name, 1, 1, "the observation file is empty; expected a header line");
  if (line_no != 1) fail(name, line_no, 1, "blank lines before the header; expected the header "
                                          "on line 1");
  const Layout lay = read_header(line, name, opt);
  ObservationSet set = read_rows(lay, name, opt, text.substr(std::min(pos, text.size())),
                                 line_no);
  for (const auto& w : opt.wells) {
    const auto it = std::find_if(set.series.begin(), set.series.end(),
                                 [&](const auto& s) { return s.well_id == w; });
    if (lay.long_form && (it == set.series.end() || it->t.empty())) {
      fail(name, 1, 1, "well \"" + w + "\" has no rows in this long-form file");
    }
  }
  if (lay.long_form && !lay.long_filter.empty() && set.series.front().t.empty()) {
    fail(name, 1, 1, "well \"" + lay.long_filter + "\" has no rows in this long-form file");
  }
  for (const auto& s : set.series) check_times(s, set.issues);
  if (opt.strict && !set.issues.empty()) {
    std::vector<InputProblem> problems;
    for (const auto& i : set.issues) {
      problems.push_back({i.file, i.line, 0,
                          (i.well_id.empty() ? "" : "well \"" + i.well_id + "\": ") + i.message +
                              " [" + i.kind + "; strict mode]"});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    throw InputError(std::move(problems));
  }
  return set;
}

ObservationSet read_observation_csv(const std::string& path, const ObservationReadOptions& opt) {
  const WholeFile file(path);
  return parse_observation_csv(file.text(), path, opt);
}

}  // namespace aquifer::sensors
