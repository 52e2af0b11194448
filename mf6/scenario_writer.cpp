// MODFLOW 6 deck -> scenario.toml + data/*.csv + IMPORT-NOTES.md (see scenario_writer.hpp).
// Layout: [model] [grid] [formulation] [[layers]] [initial] [time] + [[time.periods]],
// [[boundary]] / [[wells]] / [[recharge]] with list = "data/<package>.csv", [solver], [output].
#include "mf6/scenario_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "mf6/scenario_notes.hpp"

namespace aquifer::mf6 {

std::string exact_number(double x) {
  char buf[40];
  int precision = 1;
  for (; precision < 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  // %g writes an exponent when it is >= the precision: 5000 -> "5e+03"; widen to "5000".
  const int exponent = x == 0.0 || !std::isfinite(x) ? 0 : static_cast<int>(std::floor(std::log10(std::abs(x))));
  if (exponent >= precision && exponent < 17) precision = exponent + 1;
  std::snprintf(buf, sizeof buf, "%.*g", precision, x);
  return buf;
}

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// "data/wel-1.csv" for package "WEL-1": lower case, only [a-z0-9._-].
std::string data_name(const std::string& name, const std::string& suffix = "") {
  std::string out;
  for (char c : name) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(lower)) || lower == '-' || lower == '_' || lower == '.') ? lower : '_';
  }
  return "data/" + out + suffix + ".csv";
}

class Writer final {
 public:
  Writer(const Deck& deck, const Translation& t) : deck_(deck), t_(t), m_(t.model) {}

  std::vector<ScenarioFile> run(const std::string& source) {
    std::ostringstream toml;
    toml << header_comment(deck_, t_, source) << '\n';
    write_model(toml);
    write_layers(toml);
    write_initial(toml);
    write_time(toml);
    write_boundaries(toml);
    write_solver(toml);
    files_.insert(files_.begin(), ScenarioFile{"scenario.toml", toml.str()});
    files_.push_back(ScenarioFile{"IMPORT-NOTES.md", import_notes(deck_, t_, source)});
    return std::move(files_);
  }

 private:
  [[nodiscard]] std::size_t per_layer() const { return static_cast<std::size_t>(m_.grid.nx) * m_.grid.ny; }

  // ny lines of nx values, the first line the northern row (scenario raster files).
  std::string raster(const std::vector<double>& v, std::size_t offset) const {
    std::string out;
    const auto nx = static_cast<std::size_t>(m_.grid.nx);
    for (int row = m_.grid.ny - 1; row >= 0; --row) {
      for (std::size_t col = 0; col < nx; ++col)
        out += (col ? "," : "") + exact_number(v[offset + static_cast<std::size_t>(row) * nx + col]);
      out += '\n';
    }
    return out;
  }

  // A number when the layer holds one value (and !always_file), else { file = ... } with the
  // raster written.
  std::string layer_value(const std::vector<double>& v, int layer, const std::string& name, bool always_file = false) {
    const std::size_t n = per_layer(), offset = static_cast<std::size_t>(layer) * n;
    const bool uniform = std::all_of(v.begin() + static_cast<long>(offset), v.begin() + static_cast<long>(offset + n),
                                     [&](double x) { return x == v[offset]; });
    if (uniform && !always_file) return exact_number(v[offset]);
    const std::string path = "data/" + name + "_layer" + std::to_string(layer + 1) + ".csv";
    files_.push_back({path, raster(v, offset)});
    return "{ file = " + quoted(path) + " }";
  }

  static std::vector<double> as_double(const std::vector<std::uint8_t>& v) { return std::vector<double>(v.begin(), v.end()); }

  // "confined" / "convertible" for a uniform layer, else a 1/0 file; cells with MF6
  // THICKSTRT (ICELLTYPE < 0 with the option) are -1 in a file.
  std::string type_value(const std::vector<std::uint8_t>& flags, int layer, const std::string& name,
                         bool thickstrt = false) {
    if (thickstrt) {
      std::vector<double> values = as_double(flags);
      bool any = false;
      const std::size_t n = per_layer(), offset = static_cast<std::size_t>(layer) * n;
      for (std::size_t src = 0; src < deck_.grid.cells(); ++src) {
        const std::size_t dst = t_.model_cell[src];
        if (dst < offset || dst >= offset + n || deck_.npf.icelltype[src] >= 0) continue;
        values[dst] = -1.0;
        any = true;
      }
      if (any) return layer_value(values, layer, name, true);
    }
    const std::string v = layer_value(as_double(flags), layer, name);
    if (v == "0") return quoted("confined");
    if (v == "1") return quoted("convertible");
    return v;
  }

  void write_model(std::ostringstream& out) {
    const auto& g = m_.grid;
    out << "[model]\nname = " << quoted(m_.name) << "\nstart = \"1970-01-01\"  # MF6 time 0\n\n";
    out << "[grid]\nnx = " << g.nx << "\nny = " << g.ny << "\ndx = " << width_value(g.col_width_m, g.dx_m, false)
        << "\ndy = " << width_value(g.row_width_m, g.dy_m, true) << "\nx0 = " << exact_number(g.x0_m) << "\ny0 = " << exact_number(g.y0_m)
        << "\n\n";
    const auto& f = m_.formulation;
    out << "[formulation]\nkind = \"mf6\"\nnewton = " << (f.newton ? "true" : "false")
        << "\nvariable_cv = " << (f.variable_cv ? "true" : "false") << "\ndewatered = " << (f.dewatered ? "true" : "false")
        << "\nperched = " << (f.perched ? "true" : "false")
        << "\nstorage_coefficient = " << (f.storage_coefficient ? "true" : "false");
    if (f.ss_confined_only) out << "\nss_confined_only = true";
    static const char* const kAveraging[] = {"harmonic", "logarithmic", "amt-lmk", "amt-hmk"};
    if (f.cell_averaging != 0) out << "\ncell_averaging = " << quoted(kAveraging[f.cell_averaging]);
    if (f.rewet)
      out << "\nrewet = { wetfct = " << exact_number(f.wetfct) << ", iwetit = " << f.iwetit << ", ihdwet = " << f.ihdwet
          << " }";
    out << "\n\n";
  }

  // dx / dy: a length, or { file } of the widths (dx: one line west to east; dy: one line per
  // row, north first, as raster files).
  std::string width_value(const std::vector<double>& widths, double uniform_m, bool rows) {
    if (widths.empty()) return exact_number(uniform_m);
    std::string text;
    if (rows)
      for (auto w = widths.rbegin(); w != widths.rend(); ++w) text += exact_number(*w) + "\n";
    else
      for (std::size_t i = 0; i < widths.size(); ++i) text += (i ? "," : "") + exact_number(widths[i]);
    const std::string path = rows ? "data/dy.csv" : "data/dx.csv";
    files_.push_back({path, rows ? text : text + "\n"});
    return "{ file = " + quoted(path) + " }";
  }

  void write_layers(std::ostringstream& out) {
    const auto& p = m_.properties;
    const std::size_t n = per_layer();
    for (int k = 0; k < m_.grid.nlay; ++k) {
      const std::size_t offset = static_cast<std::size_t>(k) * n;
      out << "[[layers]]\nname = \"layer " << k + 1 << "\"\n";
      if (k == 0) out << "top = " << layer_value(p.top_m, 0, "top") << '\n';
      out << "bottom = " << layer_value(p.bottom_m, k, "bottom") << '\n';
      if (!std::all_of(p.active.begin() + static_cast<long>(offset), p.active.begin() + static_cast<long>(offset + n),
                       [](std::uint8_t a) { return a != 0; }))
        out << "active = " << layer_value(as_double(p.active), k, "active") << '\n';
      out << "k = " << layer_value(p.k_m_per_d, k, "k") << '\n';
      if (!std::equal(p.k22_m_per_d.begin() + static_cast<long>(offset), p.k22_m_per_d.begin() + static_cast<long>(offset + n),
                      p.k_m_per_d.begin() + static_cast<long>(offset)))
        out << "k_y = " << layer_value(p.k22_m_per_d, k, "k_y") << '\n';
      out << "k_vertical = " << layer_value(p.kv_m_per_d, k, "k_vertical") << '\n';
      out << "ss = " << layer_value(p.ss_per_m, k, "ss") << '\n';
      out << "sy = " << layer_value(p.sy, k, "sy") << '\n';
      out << "type = " << type_value(p.cell_convertible, k, "type", deck_.npf.thickstrt) << '\n';
      if (!std::equal(p.storage_convertible.begin() + static_cast<long>(offset),
                      p.storage_convertible.begin() + static_cast<long>(offset + n),
                      p.cell_convertible.begin() + static_cast<long>(offset)))
        out << "storage_type = " << type_value(p.storage_convertible, k, "storage_type") << '\n';
      if (m_.formulation.rewet) out << "wetdry = " << layer_value(p.wetdry_m, k, "wetdry") << '\n';
      out << '\n';
    }
  }

  void write_initial(std::ostringstream& out) {
    const auto& h = m_.initial_head_m;
    out << "[initial]\n";
    if (std::all_of(h.begin(), h.end(), [&](double x) { return x == h.front(); })) {
      out << "head = " << exact_number(h.front()) << "\n\n";
      return;
    }
    std::string text;
    for (int k = 0; k < m_.grid.nlay; ++k) text += raster(h, static_cast<std::size_t>(k) * per_layer());
    files_.push_back({"data/initial_head.csv", text});
    out << "head = { file = \"data/initial_head.csv\" }  # layer 1 first, each north to south\n\n";
  }

  // [[time.periods]]: PERLEN, NSTP, TSMULT, STO steady/transient and the steps OC saves.
  void write_time(std::ostringstream& out) const {
    out << "[time]\n";
    std::size_t step = 0;
    for (std::size_t per = 0; per < deck_.periods.size(); ++per) {
      const StressPeriod& sp = deck_.periods[per];
      std::vector<int> saved;
      for (int s = 0; s < sp.steps; ++s, ++step)
        if (t_.steps[step].save_head) saved.push_back(s + 1);
      std::string output;
      if (saved.empty()) output = "\"none\"";
      else if (static_cast<int>(saved.size()) == sp.steps) output = "\"all\"";
      else if (saved.size() == 1 && saved.front() == sp.steps) output = "\"last\"";
      else if (saved.size() == 1 && saved.front() == 1) output = "\"first\"";
      else {
        output = "[";
        for (std::size_t i = 0; i < saved.size(); ++i) output += (i ? ", " : "") + std::to_string(saved[i]);
        output += "]";
      }
      const bool steady = m_.time.steps[step - 1].steady;
      out << "[[time.periods]]  # MF6 stress period " << per + 1 << "\nlength = " << exact_number(sp.length)
          << "\nsteps = " << sp.steps << "\nmultiplier = " << exact_number(sp.multiplier)
          << "\nsteady = " << (steady ? "true" : "false") << "\noutput = " << output << "\n\n";
    }
  }

  [[nodiscard]] std::string cell_text(std::int64_t cell) const {
    const auto& g = m_.grid;
    const auto per = static_cast<std::int64_t>(g.nx) * g.ny;
    const std::int64_t layer = cell / per, rest = cell % per;
    return std::to_string(layer + 1) + "," + std::to_string(rest / g.nx + 1) + "," + std::to_string(rest % g.nx + 1);
  }

  static std::string window_text(double from_d, double until_d) {
    return "," + (from_d <= -1e300 ? std::string() : exact_number(from_d)) + "," +
           (until_d >= 1e300 ? std::string() : exact_number(until_d));
  }

  [[nodiscard]] bool active(std::int64_t cell) const { return m_.properties.active[static_cast<std::size_t>(cell)] != 0; }

  void write_head_dependent(std::ostringstream& out, const BoundaryPackage& p, int group) {
    const bool river = p.type == PackageType::kRiv;
    bool windowed = false;
    for (const auto& h : m_.head_dependent)
      windowed = windowed || (h.group == group && (h.from_d > -1e300 || h.until_d < 1e300));
    std::string text = std::string("layer,row,col,head,conductance") + (river ? ",bottom" : "") +
                       (windowed ? ",from_d,until_d" : "") + "\n";
    std::size_t rows = 0;
    for (const auto& h : m_.head_dependent) {
      if (h.group != group || !active(h.cell)) continue;
      text += cell_text(h.cell) + "," + exact_number(h.reference_head_m) + "," + exact_number(h.conductance_m2_per_d) +
              (river ? "," + exact_number(h.river_bottom_m) : "") + (windowed ? window_text(h.from_d, h.until_d) : "") + "\n";
      ++rows;
    }
    if (rows == 0) return;
    const char* kind = p.type == PackageType::kGhb ? "general_head" : river ? "river" : "drain";
    const std::string path = data_name(p.name);
    files_.push_back({path, text});
    out << "[[boundary]]  # MF6 " << p.ftype << " package\nname = " << quoted(p.name) << "\nkind = \"" << kind
        << "\"\nlist = " << quoted(path) << "\n\n";
  }

  void write_package(std::ostringstream& out, std::size_t pi) {
    const BoundaryPackage& p = deck_.packages[pi];
    const int group = t_.package_group[pi];
    const std::string path = data_name(p.name);
    if (p.type == PackageType::kChd) {
      bool windowed = false;
      for (const auto& c : m_.constant_heads) windowed = windowed || (c.group == group && (c.from_d > -1e300 || c.until_d < 1e300));
      std::string text = std::string("layer,row,col,head") + (windowed ? ",from_d,until_d" : "") + "\n";
      for (const auto& c : m_.constant_heads)
        if (c.group == group)
          text += cell_text(c.cell) + "," + exact_number(c.head_m) + (windowed ? window_text(c.from_d, c.until_d) : "") + "\n";
      if (text.find('\n') + 1 == text.size()) return;  // no active cell
      files_.push_back({path, text});
      out << "[[boundary]]  # MF6 CHD package\nname = " << quoted(p.name) << "\nkind = \"constant_head\"\nlist = "
          << quoted(path) << "\n\n";
    } else if (p.type == PackageType::kWel) {
      std::string text = "id,layer,row,col,from_d,rate_m3_per_d\n";
      for (const auto& w : m_.wells) {
        if (w.group != group || !active(w.cells.front().cell)) continue;
        for (std::size_t i = 0; i < w.rate_m3_per_d.times_d.size(); ++i)
          text += w.id + "," + cell_text(w.cells.front().cell) + "," + exact_number(w.rate_m3_per_d.times_d[i]) + "," +
                  exact_number(w.rate_m3_per_d.values[i]) + "\n";
      }
      if (text.find('\n') + 1 == text.size()) return;
      files_.push_back({path, text});
      out << "[[wells]]  # MF6 WEL package: one row per well and stress period\nid = " << quoted(p.name)
          << "\nlist = " << quoted(path) << '\n';
      if (p.auto_flow_reduce && p.flow_reduce_length) out << "flow_reduction_length = " << exact_number(p.flow_reduce) << '\n';
      else out << "flow_reduction = " << exact_number(p.auto_flow_reduce ? p.flow_reduce : 0.0) << '\n';
      out << '\n';
    } else if (p.type == PackageType::kRch) {
      std::string text = "layer,row,col,rate_m_per_d,from_d,until_d\n";
      bool pass_down = true;
      for (const auto& r : m_.recharge) {
        if (r.group != group) continue;
        pass_down = r.pass_down;
        const auto& s = r.rate_m_per_d;  // 1 over [times_d[0], times_d[1]) (one stress period)
        for (const auto& c : r.columns)
          if (active(c.column))
            text += cell_text(c.column) + "," + exact_number(c.weight) + window_text(s.times_d[0], s.times_d[1]) + "\n";
      }
      if (text.find('\n') + 1 == text.size()) return;
      files_.push_back({path, text});
      out << "[[recharge]]  # MF6 " << p.ftype << " package: one row per cell and stress period\nid = "
          << quoted(p.name) << "\nlist = " << quoted(path) << "\npass_down = " << (pass_down ? "true" : "false")
          << "\n\n";
    } else {
      write_head_dependent(out, p, group);
    }
  }

  void write_boundaries(std::ostringstream& out) {
    for (std::size_t pi = 0; pi < deck_.packages.size(); ++pi) write_package(out, pi);
  }

  void write_solver(std::ostringstream& out) const {
    const auto& s = m_.solver;
    out << "[solver]  # outer iterations far below IMS OUTER_DVCLOSE, as `aquifer run mfsim.nam`\nhead_tolerance = "
        << exact_number(s.head_tolerance_m) << "\nresidual_tolerance = " << exact_number(s.residual_tolerance)
        << "\nmax_newton_iterations = " << s.max_newton_iterations << "\nlinear_solver = " << quoted(s.linear_solver)
        << "\n\n[output]\ndir = \"out\"\ncsv = false\nreport = false\n";
  }

  const Deck& deck_;
  const Translation& t_;
  const solver::Model& m_;
  std::vector<ScenarioFile> files_;
};

}  // namespace

std::vector<ScenarioFile> write_scenario(const Deck& deck, const std::string& source) {
  Deck without_observations = deck;
  without_observations.observations.clear();
  const Translation t = to_model(without_observations);
  return Writer(deck, t).run(source);
}

}  // namespace aquifer::mf6
