// TOML -> ScenarioSpec for [[flooding]] (seasonal paddy flooding) and [compliance]. Checks
// that need the grid or the data files (polygon overlap, schedule areas) are done by
// flooding_builder.cpp.
#include <algorithm>

#include "params/calendar.hpp"
#include "params/scenario_sections.hpp"

namespace aquifer::params {
namespace {

// A month-day string at `key` of `t`; nullopt (reported) when absent or malformed.
std::optional<MonthDay> month_day(const TableReader& t, std::string_view key) {
  const auto text = t.string(key, Need::required);
  if (!text) return std::nullopt;
  std::string why;
  const auto md = parse_month_day(*text, &why);
  if (!md) t.error(key, why);
  return md;
}

// season = { start = "MM-DD", end = "MM-DD" }
std::optional<Season> read_season(const TableReader& f) {
  const toml::table* table = sub_table(f, "season", Need::optional);
  if (!table) return std::nullopt;
  const TableReader season(*table, f.what("season"), f.ctx(), {"start", "end"});
  const auto start = month_day(season, "start");
  const auto end = month_day(season, "end");
  if (start && start->month == 2 && start->day == 29) {
    season.error("start", "a season cannot start on 02-29, a day most years lack; expected "
                          "\"02-28\" or \"03-01\" (02-29 is allowed as the end: the last day "
                          "of February)");
    return std::nullopt;
  }
  if (!start || !end) return std::nullopt;
  return Season{*start, *end};
}

// years = [2024, 2025]: four-digit years, each once, at least one.
bool read_years(const TableReader& f, FloodingSpec& out) {
  const toml::node* node = f.find("years");
  if (!node) return true;
  out.years_pos = f.pos("years");
  const auto* array = node->as_array();
  if (!array || array->empty()) {
    f.error("years", "expected a non-empty array of years such as [2024, 2025] (leave the key "
                     "out to flood every year), got " +
                         (array ? std::string("an empty array") : type_name(*node)));
    return false;
  }
  bool ok = true;
  for (const auto& element : *array) {
    const auto* year = element.as_integer();
    const SourcePos where = f.ctx().pos(element);
    if (!year || year->get() < 1000 || year->get() > 9999) {
      f.ctx().problems.error(where, f.what("years") + ": expected four-digit years such as "
                                                      "2024, got " +
                                        (year ? std::to_string(year->get()) : type_name(element)));
      ok = false;
      continue;
    }
    const int y = static_cast<int>(year->get());
    if (std::find(out.years.begin(), out.years.end(), y) != out.years.end()) {
      f.ctx().problems.error(where, f.what("years") + ": " + std::to_string(y) +
                                        " is listed twice; expected each year once");
      ok = false;
      continue;
    }
    out.years.push_back(y);
  }
  return ok;
}

// season (+ years) or schedule, exactly one of them.
bool read_flooded_time(const TableReader& f, FloodingSpec& out) {
  const bool by_season = f.has("season") || f.has("years");
  if (f.has("schedule") && by_season) {
    f.error("schedule", "give either season (with optional years) or schedule, not both");
    return false;
  }
  if (f.has("schedule")) {
    out.schedule = f.file("schedule", Need::required);
    return out.schedule.present();
  }
  if (!f.has("season")) {
    f.missing("season", "or schedule: season = { start = \"11-01\", end = \"03-31\" }, or a "
                        "date,flooded_area_ha CSV file");
    return false;
  }
  out.season = read_season(f);
  const bool years_ok = read_years(f, out);
  return out.season.has_value() && years_ok;
}

// A positive quantity at `key`, or nullopt (reported).
std::optional<double> positive(const TableReader& f, std::string_view key, QuantityKind kind,
                               Need need, const std::string& what_it_is) {
  const auto v = f.quantity(key, kind, need);
  if (v && !(*v > 0)) {
    f.error(key, "expected " + what_it_is + " > 0, got " + format_number(*v));
    return std::nullopt;
  }
  return v;
}

}  // namespace

void read_flooding(const TableReader& root, ScenarioSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("flooding");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader f(*tables[i], array_label("flooding", *tables[i], i, "id"), root.ctx(),
                        {"id", "polygon", "season", "years", "schedule", "infiltration",
                         "credited_to", "rejection_band"});
    FloodingSpec out;
    out.label = f.label();
    out.pos = f.pos();
    const auto id = unique_id(f, seen);
    bool ok = id.has_value();
    out.id = id.value_or("");
    out.polygon = f.file("polygon", Need::required);
    ok = out.polygon.present() && ok;
    ok = read_flooded_time(f, out) && ok;
    const auto rate = positive(f, "infiltration", QuantityKind::recharge_rate, Need::required,
                               "an infiltration rate (seepage while flooded)");
    out.infiltration_m_per_d = rate.value_or(0.0);
    ok = rate.has_value() && ok;
    if (f.has("rejection_band")) {
      const auto band = positive(f, "rejection_band", QuantityKind::length, Need::optional,
                                 "a depth below land surface");
      out.rejection_band_m = band.value_or(out.rejection_band_m);
      ok = band.has_value() && ok;
    }
    if (const auto holder = f.string("credited_to", Need::optional)) {
      if (holder->empty()) {
        f.error("credited_to", "expected the permit holder's name (leave the key out when "
                               "nobody earns this recharge as credit), got an empty string");
        ok = false;
      }
      out.credited_to = *holder;
    } else if (f.has("credited_to")) {
      ok = false;  // not a string (reported)
    }
    if (ok) spec.flooding.push_back(std::move(out));
  }
}

void read_compliance(const TableReader& root, ScenarioSpec& spec) {
  const toml::table* table = sub_table(root, "compliance", Need::optional);
  if (!table) return;
  ReadContext& ctx = root.ctx();
  for (auto&& [key, node] : *table) {
    if (key.str() != "fiscal_year_start") {
      ctx.problems.warning(ctx.pos(key), "[compliance] " + std::string(key.str()) +
                                             " is parsed but not used by this version");
      continue;
    }
    const std::string what = "[compliance] fiscal_year_start";
    const auto* text = node.as_string();
    if (!text) {
      ctx.problems.error(ctx.pos(node), what + ": expected a month-day \"MM-DD\" such as "
                                               "\"04-01\", got " + type_name(node));
      continue;
    }
    std::string why;
    const auto md = parse_month_day(text->get(), &why);
    if (!md) {
      ctx.problems.error(ctx.pos(node), what + ": " + why);
    } else if (md->month == 2 && md->day == 29) {
      ctx.problems.error(ctx.pos(node), what + ": a fiscal year cannot start on 02-29, a day "
                                               "most years lack; expected a day every year has");
    } else {
      spec.fiscal_year_start = *md;
    }
  }
}

}  // namespace aquifer::params
