// Extension (docs/scenario-extensions.md, "Cell lists"): [[boundary]], [[wells]] and
// [[recharge]] with list = "file.csv", one row per cell, as MODFLOW 6 imports write them.
// Rows name cells by layer,row,col (1-based; row 1 = south) and may carry a time window
// from_d,until_d in days since the start (empty = open), so stress-period data keep their
// periods. Every problem is reported at the file's own line and column.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "params/csv_table.hpp"
#include "params/data_files.hpp"
#include "params/model_builder.hpp"
#include "params/units.hpp"

namespace aquifer::params {
namespace {

struct ListFile final {
  int file = 0;
  std::vector<CsvRow> rows;  // data rows (header removed)
  bool windowed = false;     // has from_d,until_d
};

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ",") + n;
  return s;
}

// The header must be `columns`, or `columns` + `window` when a window is allowed.
std::optional<ListFile> read_list(BuildContext& ctx, const FileRef& ref, const std::string& what,
                                  const std::vector<std::string>& columns,
                                  const std::vector<std::string>& window) {
  const std::string* text = ctx.files.text(ref);
  if (!text) return std::nullopt;
  ListFile out;
  out.file = ctx.problems.file_id(ref.path);
  out.rows = parse_csv(*text, CsvSeparator::comma);
  std::vector<std::string> with_window = columns;
  with_window.insert(with_window.end(), window.begin(), window.end());
  const std::string expected = "expected the header " + joined(columns) +
                               (window.empty() ? "" : " (optionally followed by ," + joined(window) + ")");
  if (out.rows.empty()) {
    ctx.problems.error({out.file, 0, 0}, what + ": the file is empty; " + expected);
    return std::nullopt;
  }
  std::vector<std::string> header;
  for (const auto& f : out.rows.front().fields) header.push_back(f.text);
  if (header != columns && (window.empty() || header != with_window)) {
    ctx.problems.error({out.file, out.rows.front().line, 1},
                       what + ": the header is \"" + joined(header) + "\"; " + expected);
    return std::nullopt;
  }
  out.windowed = header.size() > columns.size();
  out.rows.erase(out.rows.begin());
  if (out.rows.empty()) {
    ctx.problems.error({out.file, 0, 0}, what + ": the file has no data rows after its header");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& row : out.rows) {
    if (row.fields.size() == header.size()) continue;
    ctx.problems.error({out.file, row.line, 1}, what + ": the row has " + std::to_string(row.fields.size()) +
                                                    " values; expected " + std::to_string(header.size()) +
                                                    " (" + joined(header) + ")");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

// Reads typed fields of one row, reporting problems at their file position.
class RowReader final {
 public:
  RowReader(BuildContext& ctx, const ListFile& list, const CsvRow& row, std::string what)
      : ctx_(ctx), list_(list), row_(row), what_(std::move(what)) {}
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] SourcePos pos(std::size_t i) const { return {list_.file, row_.line, row_.fields[i].column}; }
  void error(std::size_t i, const std::string& message) {
    ctx_.problems.error(pos(i), what_ + ": " + message);
    ok_ = false;
  }
  // A finite number; empty allowed (nullopt, no error) when `empty_ok`.
  std::optional<double> number(std::size_t i, const char* name, bool empty_ok = false) {
    const std::string& text = row_.fields[i].text;
    if (text.empty() && empty_ok) return std::nullopt;
    const auto v = parse_number(text);
    if (!v || !std::isfinite(*v)) {
      error(i, std::string(name) + " \"" + text + "\" is not a number; expected a finite number");
      return std::nullopt;
    }
    return v;
  }
  // A 1-based index from 1 to `n` -> 0-based.
  int index(std::size_t i, const char* name, int n) {
    const auto v = number(i, name);
    if (!v) return -1;
    if (*v != std::floor(*v) || *v < 1 || *v > n) {
      error(i, std::string(name) + " " + format_number(*v) + " is outside the grid; expected an integer from 1 to " +
                   std::to_string(n));
      return -1;
    }
    return static_cast<int>(*v) - 1;
  }
  // layer,row,col at fields first..first+2 -> cell index, or -1.
  std::int64_t cell(std::size_t first) {
    const solver::GridGeometry& g = ctx_.model.grid;
    const int layer = index(first, "layer", g.nlay);
    const int row = index(first + 1, "row", g.ny);
    const int col = index(first + 2, "col", g.nx);
    if (layer < 0 || row < 0 || col < 0) return -1;
    return g.index(layer, row, col);
  }
  // from_d,until_d at fields first, first+1 (empty = open).
  void window(std::size_t first, double& from_d, double& until_d) {
    const auto from = number(first, "from_d", true);
    const auto until = number(first + 1, "until_d", true);
    from_d = from.value_or(-1e300);
    until_d = until.value_or(1e300);
    if (from && until && !(*from < *until))
      error(first + 1, "until_d " + format_number(*until) + " is not after from_d " + format_number(*from) +
                           "; expected from_d < until_d (days since the start)");
  }

 private:
  BuildContext& ctx_;
  const ListFile& list_;
  const CsvRow& row_;
  std::string what_;
  bool ok_ = true;
};

void warn_inactive(BuildContext& ctx, const SourcePos& pos, const std::string& label, std::int64_t count) {
  if (count == 0) return;
  ctx.problems.warning(pos, label + ": " + std::to_string(count) + (count == 1 ? " row names" : " rows name") +
                                " an inactive cell; left out");
}

bool active(const BuildContext& ctx, std::int64_t cell) {
  return ctx.model.properties.active[static_cast<std::size_t>(cell)] != 0;
}

}  // namespace

int group_named(solver::Model& model, const std::string& name) {
  for (std::size_t i = 0; i < model.boundary_groups.size(); ++i)
    if (model.boundary_groups[i] == name) return static_cast<int>(i);
  model.boundary_groups.push_back(name);
  return static_cast<int>(model.boundary_groups.size()) - 1;
}

void build_boundary_list(BuildContext& ctx, const BoundarySpec& b) {
  const bool chd = b.kind == BoundarySpec::Kind::constant_head;
  const bool river = b.kind == BoundarySpec::Kind::river;
  std::vector<std::string> columns{"layer", "row", "col", "head"};
  if (!chd) columns.emplace_back("conductance");
  if (river) columns.emplace_back("bottom");
  const std::vector<std::string> window{"from_d", "until_d"};
  const std::string what = b.label + " list";
  const auto list = read_list(ctx, b.list, what, columns, window);
  if (!list) return;
  const int group = group_named(ctx.model, b.name);
  std::int64_t inactive = 0;
  std::map<std::int64_t, std::vector<std::pair<double, double>>> chd_windows;  // cell -> its windows
  for (const auto& row : list->rows) {
    RowReader r(ctx, *list, row, what);
    const std::int64_t cell = r.cell(0);
    const auto head = r.number(3, "head");
    std::optional<double> conductance, bottom;
    double from_d = -1e300, until_d = 1e300;
    if (!chd) {
      conductance = r.number(4, "conductance");
      if (conductance && *conductance < 0) r.error(4, "conductance " + format_number(*conductance) + ": expected a value >= 0 m2/d");
    }
    if (river) {
      bottom = r.number(5, "bottom");
      if (bottom && head && !(*bottom < *head))
        r.error(5, "river bed bottom " + format_number(*bottom) + " m is not below the stage " + format_number(*head) +
                       " m; expected bottom < head");
    }
    if (list->windowed) r.window(columns.size(), from_d, until_d);
    if (!r.ok() || cell < 0) continue;
    if (!active(ctx, cell)) {
      ++inactive;
      continue;
    }
    if (chd) {
      // A cell may be fixed in several windows (MF6 CHD per stress period), never twice at once.
      auto& windows = chd_windows[cell];
      const bool overlaps = std::any_of(windows.begin(), windows.end(), [&](const auto& w) {
        return from_d < w.second && w.first < until_d;
      });
      if (overlaps) {
        r.error(0, list->windowed ? "a second constant head for the same cell in an overlapping from_d,until_d window; "
                                    "expected each cell at most once at any time"
                                  : "a second constant head for the same cell; expected each cell once");
        continue;
      }
      windows.emplace_back(from_d, until_d);
      ctx.model.constant_heads.push_back({cell, *head, group, from_d, until_d});
      continue;
    }
    solver::HeadDependentCell h;
    h.kind = river ? solver::HeadDependentKind::river
             : b.kind == BoundarySpec::Kind::drain ? solver::HeadDependentKind::drain
                                                   : solver::HeadDependentKind::general_head;
    h.cell = cell;
    h.reference_head_m = *head;
    h.conductance_m2_per_d = *conductance;
    h.river_bottom_m = bottom.value_or(0.0);
    h.group = group;
    h.from_d = from_d;
    h.until_d = until_d;
    ctx.model.head_dependent.push_back(h);
  }
  warn_inactive(ctx, b.list.pos, b.label, inactive);
}

double reduction_fraction(const BuildContext& ctx, const WellSpec& w, std::int64_t cell) {
  if (w.flow_reduction) return *w.flow_reduction;
  if (!w.flow_reduction_length) return solver::Well{}.reduction_fraction;
  const auto& p = ctx.model.properties;
  const auto c = static_cast<std::size_t>(cell);
  return *w.flow_reduction_length / (p.top_m[c] - p.bottom_m[c]);
}

void build_well_list(BuildContext& ctx, const WellSpec& w) {
  const std::string what = w.label + " list";
  const auto list = read_list(ctx, w.list, what, {"id", "layer", "row", "col", "from_d", "rate_m3_per_d"}, {});
  if (!list) return;
  const int group = group_named(ctx.model, w.id);
  std::map<std::string, std::size_t> index;  // id -> position in `wells`
  std::vector<solver::Well> wells;
  std::vector<bool> usable;
  std::int64_t inactive = 0;
  for (const auto& row : list->rows) {
    RowReader r(ctx, *list, row, what);
    const std::string& id = row.fields[0].text;
    if (id.empty()) r.error(0, "empty id; expected a well id");
    const std::int64_t cell = r.cell(1);
    const auto from = r.number(4, "from_d");
    const auto rate = r.number(5, "rate_m3_per_d");
    if (!r.ok() || cell < 0) continue;
    auto it = index.find(id);
    if (it == index.end()) {
      solver::Well well;
      well.id = id;
      well.owner = w.owner;
      well.cells.push_back({cell, 1.0});
      well.reduction_fraction = reduction_fraction(ctx, w, cell);
      well.group = group;
      it = index.emplace(id, wells.size()).first;
      wells.push_back(std::move(well));
      usable.push_back(active(ctx, cell));
      if (!usable.back()) ++inactive;
    }
    solver::Well& well = wells[it->second];
    if (well.cells.front().cell != cell) {
      r.error(1, "well \"" + id + "\" is in another cell on an earlier row; expected one cell per id");
      continue;
    }
    if (!well.rate_m3_per_d.times_d.empty() && !(*from > well.rate_m3_per_d.times_d.back())) {
      r.error(4, "from_d " + format_number(*from) + " is not after the previous row of \"" + id +
                     "\"; expected each well's rows in strictly increasing time");
      continue;
    }
    well.rate_m3_per_d.times_d.push_back(*from);
    well.rate_m3_per_d.values.push_back(*rate);
  }
  for (std::size_t i = 0; i < wells.size(); ++i)
    if (usable[i]) ctx.model.wells.push_back(std::move(wells[i]));
  warn_inactive(ctx, w.list.pos, w.label, inactive);
}

void build_recharge_list(BuildContext& ctx, const RechargeSpec& rs) {
  const std::string what = rs.label + " list";
  const auto list = read_list(ctx, rs.list, what, {"layer", "row", "col", "rate_m_per_d"}, {"from_d", "until_d"});
  if (!list) return;
  const int group = group_named(ctx.model, rs.id);
  std::vector<solver::Recharge> sets;  // one per distinct window, in order of first use
  std::map<std::pair<double, double>, std::size_t> by_window;
  std::int64_t inactive = 0;
  for (const auto& row : list->rows) {
    RowReader r(ctx, *list, row, what);
    const std::int64_t cell = r.cell(0);
    const auto rate = r.number(3, "rate_m_per_d");
    double from_d = -1e300, until_d = 1e300;
    if (list->windowed) r.window(4, from_d, until_d);
    if (!r.ok() || cell < 0) continue;
    if (!active(ctx, cell)) {
      ++inactive;
      continue;
    }
    auto it = by_window.find({from_d, until_d});
    if (it == by_window.end()) {
      solver::Recharge set;
      set.fixed_cell = true;
      set.pass_down = rs.pass_down;
      set.group = group;
      set.rate_m_per_d.value_before = from_d <= -1e300 ? 1.0 : 0.0;
      if (from_d > -1e300) {
        set.rate_m_per_d.times_d.push_back(from_d);
        set.rate_m_per_d.values.push_back(1.0);
      }
      if (until_d < 1e300) {
        set.rate_m_per_d.times_d.push_back(until_d);
        set.rate_m_per_d.values.push_back(0.0);
      }
      it = by_window.emplace(std::pair{from_d, until_d}, sets.size()).first;
      sets.push_back(std::move(set));
    }
    sets[it->second].columns.push_back({cell, *rate});
  }
  for (std::size_t i = 0; i < sets.size(); ++i) {
    sets[i].id = sets.size() == 1 ? rs.id : rs.id + ":" + std::to_string(i + 1);
    ctx.model.recharge.push_back(std::move(sets[i]));
  }
  warn_inactive(ctx, rs.list.pos, rs.label, inactive);
}

}  // namespace aquifer::params
