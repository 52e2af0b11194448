// calib.toml targets: a layer number or a zone name (cell properties), a recharge or flooding
// id (stress rates). A layer multiplier scales the whole layer, its zones included; a zone
// multiplier scales the cells whose value that zone sets (inside its polygon and not inside a
// later zone of the layer that sets the same property). K_v that defaults to K / 10 follows a
// K multiplier, so the calibrated scenario text means the same model.
#include "params/calibration_targets.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/geometry.hpp"
#include "params/model_builder.hpp"
#include "params/problems.hpp"

namespace aquifer::params {
namespace {

const char* property_of(CalibrationKind k) {
  switch (k) {
    case CalibrationKind::k: return "k";
    case CalibrationKind::k_vertical: return "k_vertical";
    case CalibrationKind::ss: return "ss";
    case CalibrationKind::sy: return "sy";
    default: return nullptr;
  }
}

QuantityKind quantity_kind(CalibrationKind k) {
  switch (k) {
    case CalibrationKind::k:
    case CalibrationKind::k_vertical: return QuantityKind::conductivity;
    case CalibrationKind::ss: return QuantityKind::specific_storage;
    case CalibrationKind::sy: return QuantityKind::dimensionless;
    default: return QuantityKind::recharge_rate;
  }
}

// The site of `key` in `table`, or an error message.
std::optional<ValueSite> site_of(const toml::table& table, const char* key, QuantityKind kind,
                                 std::string* why) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    *why = std::string("has no ") + key;
    return std::nullopt;
  }
  const auto& b = node->source().begin;
  const std::string at = " (scenario line " + std::to_string(b.line) + ")";
  std::optional<double> v;
  if (const auto d = node->value<double>()) v = *d;
  else if (const auto s = node->value<std::string>()) v = parse_quantity(*s, kind, why);
  else *why = std::string("reads ") + key + " from a file" + at +
              "; calibration scales values written in the scenario only";
  if (!v) return std::nullopt;
  return ValueSite{static_cast<int>(b.line), static_cast<int>(b.column), *v, kind};
}

struct ZoneRef final {
  const toml::table* table = nullptr;
  std::vector<std::uint8_t> inside;  // per column
};

// Every zone of one layer with its column membership (empty when the polygon is unreadable).
std::vector<ZoneRef> zones_of(const toml::table& layer, const ScenarioTargets& s,
                              std::string* why) {
  std::vector<ZoneRef> out;
  const toml::array* zones = layer.get_as<toml::array>("zones");
  if (zones == nullptr) return out;
  for (const auto& z : *zones) {
    const toml::table* zt = z.as_table();
    if (zt == nullptr) continue;
    ZoneRef ref{zt, {}};
    const auto poly = zt->get("polygon") ? zt->get("polygon")->value<std::string>() : std::nullopt;
    if (poly) {
      std::ifstream in(s.resolve(*poly), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (const auto shape = parse_geojson(text.str())) {
        ref.inside = centres_inside(*shape, s.loaded().model.grid);
      } else {
        *why = "cannot read the zone polygon " + *poly;
      }
    }
    out.push_back(std::move(ref));
  }
  return out;
}

void add_layer_cells(const solver::GridGeometry& g, int layer, const std::vector<std::uint8_t>& in,
                     std::vector<std::int64_t>& out) {
  for (int r = 0; r < g.ny; ++r)
    for (int c = 0; c < g.nx; ++c)
      if (in.empty() || in[static_cast<std::size_t>(r) * g.nx + c]) out.push_back(g.index(layer, r, c));
}

// Columns where K_v is the default K / 10: the layer has no k_vertical and no zone sets it.
std::vector<std::uint8_t> kv_follows(const toml::table& layer, const std::vector<ZoneRef>& zones,
                                     std::size_t ncol) {
  std::vector<std::uint8_t> follows(ncol, layer.get("k_vertical") ? 0 : 1);
  for (const auto& z : zones) {
    if (!z.table->get("k_vertical") || z.inside.empty()) continue;
    for (std::size_t c = 0; c < ncol; ++c) follows[c] = follows[c] && !z.inside[c];
  }
  return follows;
}

void resolve_layer(const TableReader& t, std::int64_t n, const ScenarioTargets& s,
                   CalibrationParameter& p) {
  const auto& layers = s.layers();
  const char* key = property_of(p.kind);
  if (n < 1 || n > static_cast<std::int64_t>(layers.size())) {
    t.error("target", "names no layer: the scenario has " + std::to_string(layers.size()) +
                          " layer(s); expected 1.." + std::to_string(layers.size()));
    return;
  }
  const int layer = static_cast<int>(n - 1);
  const toml::table& lt = *layers[static_cast<std::size_t>(layer)];
  p.target = "layer " + std::to_string(n);
  std::string why;
  const auto site = site_of(lt, key, quantity_kind(p.kind), &why);
  if (!site) {
    const bool kv_default = p.kind == CalibrationKind::k_vertical && !lt.get(key);
    t.error("target", "layer " + std::to_string(n) + " " + why +
                          (kv_default ? " (it is k / 10: calibrate k, or write k_vertical)" : "") +
                          "; expected a layer whose " + key + " is a value written in the scenario");
    return;
  }
  p.sites.push_back(*site);
  const auto zones = zones_of(lt, s, &why);
  for (const auto& z : zones) {
    if (!z.table->get(key)) continue;
    if (auto zs = site_of(*z.table, key, quantity_kind(p.kind), &why)) p.sites.push_back(*zs);
  }
  const auto& g = s.loaded().model.grid;
  add_layer_cells(g, layer, {}, p.cells);
  if (p.kind == CalibrationKind::k)
    add_layer_cells(g, layer, kv_follows(lt, zones, static_cast<std::size_t>(g.nx) * g.ny), p.kv_cells);
}

void resolve_zone(const TableReader& t, const std::string& name, const ScenarioTargets& s,
                  CalibrationParameter& p) {
  const char* key = property_of(p.kind);
  const auto& g = s.loaded().model.grid;
  const std::size_t ncol = static_cast<std::size_t>(g.nx) * g.ny;
  p.target = "zone \"" + name + "\"";
  std::string names, why;
  bool named = false;
  for (std::size_t l = 0; l < s.layers().size(); ++l) {
    const toml::table& lt = *s.layers()[l];
    const auto zones = zones_of(lt, s, &why);
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const auto zn = zones[z].table->get("name") ? zones[z].table->get("name")->value<std::string>()
                                                  : std::nullopt;
      if (zn) names += (names.empty() ? "\"" : ", \"") + *zn + "\"";
      if (!zn || *zn != name) continue;
      named = true;
      if (!zones[z].table->get(key)) continue;
      const auto site = site_of(*zones[z].table, key, quantity_kind(p.kind), &why);
      if (!site || zones[z].inside.empty()) {
        t.error("target", "zone \"" + name + "\" " + why);
        return;
      }
      p.sites.push_back(*site);
      std::vector<std::uint8_t> own = zones[z].inside;  // later zones setting `key` win
      for (std::size_t later = z + 1; later < zones.size(); ++later) {
        if (!zones[later].table->get(key) || zones[later].inside.empty()) continue;
        for (std::size_t c = 0; c < ncol; ++c) own[c] = own[c] && !zones[later].inside[c];
      }
      add_layer_cells(g, static_cast<int>(l), own, p.cells);
      if (p.kind != CalibrationKind::k || zones[z].table->get("k_vertical")) continue;
      auto follows = kv_follows(lt, zones, ncol);
      for (std::size_t c = 0; c < ncol; ++c) follows[c] = follows[c] && own[c];
      add_layer_cells(g, static_cast<int>(l), follows, p.kv_cells);
    }
  }
  if (!named) {
    t.error("target", "names no layer zone \"" + name + "\"; the scenario's named zones are " +
                          (names.empty() ? std::string("none") : names) +
                          " (or give a layer number)");
  } else if (p.sites.empty()) {
    t.error("target", "zone \"" + name + "\" sets no " + key + "; expected a zone that sets it");
  }
}

void resolve_stress(const TableReader& t, const std::string& id, const ScenarioTargets& s,
                    CalibrationParameter& p) {
  const bool recharge = p.kind == CalibrationKind::recharge;
  const char* section = recharge ? "recharge" : "flooding";
  const char* key = recharge ? "rate" : "infiltration";
  p.target = std::string(section) + " \"" + id + "\"";
  const auto& m = s.loaded().model;
  std::string ids;
  const std::size_t count = recharge ? m.recharge.size() : m.flooding.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& e = recharge ? m.recharge[i].id : m.flooding[i].id;
    ids += (ids.empty() ? "\"" : ", \"") + e + "\"";
    if (e == id) p.stress = static_cast<int>(i);
  }
  const toml::table* table = s.stress_table(section, id);
  if (p.stress < 0 || table == nullptr) {
    t.error("target", "names no [[" + std::string(section) + "]] with id \"" + id +
                          "\"; the scenario has " + (ids.empty() ? std::string("none") : ids));
    return;
  }
  std::string why;
  const auto site = site_of(*table, key, QuantityKind::recharge_rate, &why);
  if (!site) {
    t.error("target", "[[" + std::string(section) + "]] \"" + id + "\" " + why +
                          " (a schedule?); expected a constant " + key + " written in the scenario");
    return;
  }
  p.sites.push_back(*site);
}

}  // namespace

ScenarioTargets::ScenarioTargets(const LoadedScenario& loaded, Problems& problems)
    : loaded_(loaded) {
  try {
    root_ = toml::parse(loaded.scenario_text, loaded.scenario_path);
  } catch (const toml::parse_error& e) {  // cannot happen: the scenario was loaded
    problems.error({problems.file_id(loaded.scenario_path), 0, 0}, e.what());
  }
  if (const toml::array* a = root_.get_as<toml::array>("layers"))
    for (const auto& l : *a)
      if (const toml::table* t = l.as_table()) layers_.push_back(t);
}

const toml::table* ScenarioTargets::stress_table(const char* key, const std::string& id) const {
  const toml::array* a = root_.get_as<toml::array>(key);
  if (a == nullptr) return nullptr;
  for (const auto& e : *a) {
    const toml::table* t = e.as_table();
    if (t && t->get("id") && t->get("id")->value<std::string>() == id) return t;
  }
  return nullptr;
}

std::string ScenarioTargets::resolve(const std::string& path) const {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(loaded_.scenario_path).parent_path() / p).string();
}

void resolve_target(const TableReader& t, const toml::node& target, const ScenarioTargets& s,
                    CalibrationParameter& p) {
  const bool property = property_of(p.kind) != nullptr;
  if (const auto n = target.value_exact<std::int64_t>(); n && property) {
    resolve_layer(t, *n, s, p);
  } else if (const auto name = target.value_exact<std::string>()) {
    if (property) resolve_zone(t, *name, s, p);
    else resolve_stress(t, *name, s, p);
  } else {
    t.error("target", property ? "expected a layer number (1-based) or a zone name"
                               : "expected the id (a string) of the recharge / flooding entry");
  }
}

}  // namespace aquifer::params
