// calib.toml: [[parameters]] and [options] (docs/calibration.md). Targets are resolved in
// calibration_targets.cpp.
#include "params/calibration_spec.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "params/calibration_targets.hpp"
#include "params/problems.hpp"
#include "params/toml_reader.hpp"

namespace aquifer::params {
namespace {

std::optional<CalibrationKind> kind_of(const std::string& s) {
  if (s == "k") return CalibrationKind::k;
  if (s == "k_vertical") return CalibrationKind::k_vertical;
  if (s == "ss") return CalibrationKind::ss;
  if (s == "sy") return CalibrationKind::sy;
  if (s == "recharge") return CalibrationKind::recharge;
  if (s == "flooding_infiltration") return CalibrationKind::flooding_infiltration;
  return std::nullopt;
}

double number_or(const TableReader& t, std::string_view key, double fallback) {
  const auto v = t.quantity(key, QuantityKind::dimensionless, Need::optional);
  return v ? *v : fallback;
}

void read_parameter(const TableReader& t, const ScenarioTargets& targets,
                    std::set<std::string>& names, CalibrationSpec& spec) {
  CalibrationParameter p;
  const auto name = t.string("name", Need::required);
  const auto kind = t.string("kind", Need::required);
  if (name) {
    p.name = *name;
    if (p.name.empty()) t.error("name", "is empty; expected a name for the parameter");
    if (!names.insert(p.name).second)
      t.error("name", "\"" + p.name + "\" is used by another parameter; expected unique names");
  }
  std::optional<CalibrationKind> k;
  if (kind) {
    k = kind_of(*kind);
    if (!k)
      t.error("kind", "\"" + *kind + "\" is not a parameter kind; expected \"k\", \"k_vertical\", "
                                     "\"ss\", \"sy\", \"recharge\" or \"flooding_infiltration\"");
  }
  p.initial = number_or(t, "initial", 1.0);
  p.lower = number_or(t, "lower", 0.1);
  p.upper = number_or(t, "upper", 10.0);
  if (const auto log = t.boolean("log")) p.log = *log;
  if (!(p.lower > 0.0)) t.error("lower", "must be > 0 (a multiplier); got " + format_number(p.lower));
  if (!(p.upper > p.lower))
    t.error("upper", "must be above lower = " + format_number(p.lower) + "; got " +
                         format_number(p.upper));
  if (!(p.initial >= p.lower && p.initial <= p.upper))
    t.error(t.has("initial") ? "initial" : "lower",
            "the bounds [" + format_number(p.lower) + ", " + format_number(p.upper) +
                "] exclude the start value initial = " + format_number(p.initial) +
                "; expected lower <= initial <= upper");
  const toml::node* target = t.find("target");
  if (target == nullptr) {
    t.missing("target", "a layer number, a zone name, or a recharge / flooding id");
  } else if (k && (*k == CalibrationKind::ss || *k == CalibrationKind::sy) &&
             targets.loaded().model.time.storage_free()) {
    // A steady-only run has no storage term: the multiplier could not change any head.
    t.error("kind", "\"" + *kind + "\" has no effect in a steady-only scenario (no [time] "
                    "stepping, so no storage term); expected \"k\", \"k_vertical\", \"recharge\" "
                    "or \"flooding_infiltration\"");
  } else if (k) {
    p.kind = *k;
    resolve_target(t, *target, targets, p);
  }
  spec.parameters.push_back(std::move(p));
}

void read_options(const TableReader& o, CalibrationSpec& spec) {
  if (const auto s = o.quantity("sigma", QuantityKind::length, Need::optional)) {
    if (*s > 0.0) spec.sigma_m = *s;
    else o.error("sigma", "must be > 0 (the observation standard deviation)");
  }
  if (const auto n = o.integer("max_iterations", Need::optional)) {
    if (*n >= 1 && *n <= 1000) spec.max_iterations = static_cast<int>(*n);
    else o.error("max_iterations", "must be between 1 and 1000");
  }
  if (const auto m = o.string("method", Need::optional)) {
    if (*m == "brgn" || *m == "pounders") spec.method = *m;
    else o.error("method", "\"" + *m + "\" is not a method; expected \"brgn\" or \"pounders\"");
  }
  if (const auto h = o.quantity("fd_step", QuantityKind::dimensionless, Need::optional)) {
    if (*h > 0.0 && *h <= 0.1) spec.fd_step = *h;
    else o.error("fd_step", "must be in (0, 0.1]");
  }
  const toml::node* ws = o.find("well_sigma");
  if (ws == nullptr) return;
  const toml::table* table = ws->as_table();
  if (table == nullptr) {
    o.error("well_sigma", "expected a table { \"<well id>\" = \"<sigma>\", ... }");
    return;
  }
  for (const auto& [key, node] : *table) {
    const std::string id(key.str());
    const auto v = quantity_of(node, QuantityKind::length, "[options.well_sigma] " + id, o.ctx());
    if (!v) continue;
    if (*v <= 0.0) {
      o.ctx().problems.error(o.ctx().pos(node), "[options.well_sigma] " + id + ": must be > 0");
      continue;
    }
    spec.well_sigma_m[id] = *v;
  }
}

void check_wells(const TableReader& o, const CalibrationSpec& spec, const LoadedScenario& loaded) {
  for (const auto& [id, sigma] : spec.well_sigma_m) {
    (void)sigma;
    bool found = false;
    for (const auto& w : loaded.observation_wells) found = found || w.id == id;
    if (!found) o.error("well_sigma", "names no observation well \"" + id + "\" of the scenario");
  }
}

}  // namespace

const char* calibration_kind_name(CalibrationKind kind) {
  switch (kind) {
    case CalibrationKind::k: return "k";
    case CalibrationKind::k_vertical: return "k_vertical";
    case CalibrationKind::ss: return "ss";
    case CalibrationKind::sy: return "sy";
    case CalibrationKind::recharge: return "recharge";
    case CalibrationKind::flooding_infiltration: return "flooding_infiltration";
  }
  return "?";
}

CalibrationSpec read_calibration(const std::string& path, const LoadedScenario& loaded) {
  Problems problems;
  const int file = problems.file_id(path);
  CalibrationSpec spec;
  spec.path = path;
  const toml::table root = parse_toml_file(
      path, file, problems, "cannot read the calibration file; expected a readable TOML file");
  const auto base = std::filesystem::path(path).parent_path().string();
  ReadContext ctx{problems, file, base, loaded.utc_offset_min};
  const TableReader top(root, "top level", ctx, {"parameters", "options"});
  const ScenarioTargets targets(loaded, problems);
  std::set<std::string> names;
  const auto params = top.tables("parameters");
  if (params.empty())
    problems.error({file, 0, 0}, "no [[parameters]]; expected at least one multiplier to estimate");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const TableReader t(*params[i], "[[parameters]] #" + std::to_string(i + 1), ctx,
                        {"name", "kind", "target", "initial", "lower", "upper", "log"});
    read_parameter(t, targets, names, spec);
  }
  if (const toml::node* o = top.find("options")) {
    if (const toml::table* ot = o->as_table()) {
      const TableReader options(*ot, "[options]", ctx,
                                {"sigma", "well_sigma", "max_iterations", "method", "fd_step"});
      read_options(options, spec);
      check_wells(options, spec, loaded);
    } else {
      top.error("options", "expected a table [options]");
    }
  }
  problems.throw_if_errors();
  return spec;
}

void apply_multipliers(const CalibrationSpec& spec, const std::vector<double>& multipliers,
                       solver::Model& model) {
  auto& props = model.properties;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const CalibrationParameter& p = spec.parameters[i];
    const double m = multipliers.at(i);
    std::vector<double>* field = nullptr;
    switch (p.kind) {
      case CalibrationKind::k: field = &props.k_m_per_d; break;
      case CalibrationKind::k_vertical: field = &props.kv_m_per_d; break;
      case CalibrationKind::ss: field = &props.ss_per_m; break;
      case CalibrationKind::sy: field = &props.sy; break;
      case CalibrationKind::recharge: {
        auto& rate = model.recharge.at(static_cast<std::size_t>(p.stress)).rate_m_per_d;
        rate.value_before *= m;
        for (double& v : rate.values) v *= m;
        break;
      }
      case CalibrationKind::flooding_infiltration:
        model.flooding.at(static_cast<std::size_t>(p.stress)).infiltration_m_per_d *= m;
        break;
    }
    if (field == nullptr) continue;
    for (const auto c : p.cells) (*field)[static_cast<std::size_t>(c)] *= m;
    for (const auto c : p.kv_cells) props.kv_m_per_d[static_cast<std::size_t>(c)] *= m;
  }
}

namespace {

// Length of the value token starting at `col0` (0-based) of `line`: a quoted string or a bare
// TOML number.
std::size_t token_length(const std::string& line, std::size_t col0) {
  if (col0 < line.size() && line[col0] == '"') {
    const auto close = line.find('"', col0 + 1);
    return close == std::string::npos ? line.size() - col0 : close + 1 - col0;
  }
  std::size_t end = col0;
  while (end < line.size() && std::string(" \t,}]#\r").find(line[end]) == std::string::npos) ++end;
  return end - col0;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // a TOML float
  return s;
}

}  // namespace

std::string calibrated_scenario_text(const LoadedScenario& loaded, const CalibrationSpec& spec,
                                     const std::vector<double>& multipliers) {
  std::vector<std::string> lines;
  std::istringstream in(loaded.scenario_text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  // Replace from the end of each line so earlier columns stay valid.
  // A value scaled by several parameters (a layer's and a zone's) takes their product.
  std::map<std::pair<int, int>, std::pair<ValueSite, double>, std::greater<>> edits;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    for (const auto& s : spec.parameters[i].sites) {
      const auto [it, fresh] = edits.try_emplace({s.line, s.column}, s, 1.0);
      (void)fresh;
      it->second.second *= multipliers[i];
    }
  }
  for (const auto& [where, edit] : edits) {
    const auto& [site, factor] = edit;
    auto& line = lines.at(static_cast<std::size_t>(where.first - 1));
    const auto col0 = static_cast<std::size_t>(where.second - 1);
    const std::size_t n = col0 < line.size() ? token_length(line, col0) : 0;
    std::string token = line.substr(std::min(col0, line.size()), n);
    if (token.size() >= 2 && token.front() == '"') token = token.substr(1, token.size() - 2);
    const auto found = parse_quantity(token, site.kind);
    if (!found || std::fabs(*found - site.value) > 1e-12 * std::fabs(site.value))
      throw std::runtime_error("calibrated scenario: the value at " + loaded.scenario_path + ":" +
                               std::to_string(where.first) + ":" + std::to_string(where.second) +
                               " is not the one read (" + format_number(site.value) + ")");
    line.replace(col0, n, number_text(site.value * factor));
  }
  std::ostringstream out;
  out << "# Calibrated by `aquifer calibrate` from " << loaded.scenario_path << " with "
      << spec.path << ".\n# Multipliers (values below are the originals times these, in "
      << "canonical units):\n";
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    out << "#   " << p.name << " (" << calibration_kind_name(p.kind) << ", " << p.target
        << ") = " << number_text(multipliers[i]) << '\n';
  }
  for (const auto& l : lines) out << l << '\n';
  return out.str();
}

}  // namespace aquifer::params
