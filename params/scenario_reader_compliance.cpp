// TOML -> ComplianceSpec for [[permits]], [[obligation_rules]] and [[credits]]. Checks that need
// other tables (well ids, rule coverage) or the record files are in compliance_builder.cpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "params/calendar.hpp"
#include "params/compliance_spec.hpp"
#include "params/scenario_sections.hpp"

namespace aquifer::params {

const char* credit_kind_name(CreditKind kind) {
  switch (kind) {
    case CreditKind::flooding: return "flooding";
    case CreditKind::infiltration_facility: return "infiltration_facility";
    case CreditKind::donation: return "donation";
    case CreditKind::forest: return "forest";
    case CreditKind::rice_purchase: return "rice_purchase";
    case CreditKind::other: return "other";
  }
  return "other";
}

namespace {

// A required, non-empty string.
std::optional<std::string> non_empty(const TableReader& t, std::string_view key,
                                     const std::string& expected) {
  auto s = t.string(key, Need::required);
  if (s && s->empty()) {
    t.error(key, "expected " + expected + ", got an empty string");
    return std::nullopt;
  }
  return s;
}

// A date (or date-time) at `key`, as days since 1970 and as text for the report.
std::optional<double> date_at(const TableReader& t, std::string_view key, Need need,
                              std::string* text = nullptr) {
  const auto v = t.time(key, need);
  if (v && text) *text = format_date(v->epoch_d, t.ctx().utc_offset_min);
  return v ? std::optional<double>(v->epoch_d) : std::nullopt;
}

// wells = ["FAB-1", "FAB-2"]: non-empty strings, each once.
bool read_permit_wells(const TableReader& t, PermitSpec& out) {
  const toml::node* node = t.find("wells");
  if (!node) return true;
  out.wells_given = true;
  const auto* array = node->as_array();
  if (!array || array->empty()) {
    t.error("wells", "expected a non-empty array of well ids such as [\"FAB-1\"] (leave the key "
                     "out to use every well whose owner is the holder), got " +
                         (array ? std::string("an empty array") : type_name(*node)));
    return false;
  }
  bool ok = true;
  for (const auto& element : *array) {
    const auto* id = element.as_string();
    const SourcePos where = t.ctx().pos(element);
    if (!id || id->get().empty()) {
      t.ctx().problems.error(where, t.what("wells") + ": expected well ids (non-empty strings), "
                                                      "got " + (id ? "an empty string" : type_name(element)));
      ok = false;
    } else if (std::find(out.permit.wells.begin(), out.permit.wells.end(), id->get()) !=
               out.permit.wells.end()) {
      t.ctx().problems.error(where, t.what("wells") + ": \"" + id->get() +
                                        "\" is listed twice; expected each well once");
      ok = false;
    } else {
      out.permit.wells.push_back(id->get());
      out.well_pos.push_back(where);
    }
  }
  return ok;
}

// A volume rate >= 0 (m3/yr in the scenario, m3/d here).
std::optional<double> non_negative_rate(const TableReader& t, std::string_view key) {
  const auto v = t.quantity(key, QuantityKind::pumping_rate, Need::optional);
  if (v && !(*v >= 0 && std::isfinite(*v))) {
    t.error(key, "expected a volume per year >= 0 such as \"1e5 m3/yr\", got a negative or "
                 "non-finite value");
    return std::nullopt;
  }
  return v;
}

void read_permits(const TableReader& root, ComplianceSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("permits");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader t(*tables[i], array_label("permits", *tables[i], i, "holder"), root.ctx(),
                        {"holder", "wells", "plan_submitted", "baseline_volume", "metered"});
    PermitSpec out;
    out.pos = t.pos();
    out.holder_pos = t.pos("holder");
    out.plan_pos = t.pos("plan_submitted");
    const auto holder = non_empty(t, "holder", "the permit holder's name");
    bool ok = holder.has_value();
    if (holder) {
      const auto [it, inserted] = seen.emplace(*holder, out.holder_pos.line);
      if (!inserted) {
        t.error("holder", "\"" + *holder + "\" already has a permit (line " +
                              std::to_string(it->second) + "); expected one [[permits]] per "
                              "holder listing all of its wells");
        ok = false;
      }
      out.permit.holder = *holder;
    }
    ok = read_permit_wells(t, out) && ok;
    const auto plan = date_at(t, "plan_submitted", Need::required, &out.permit.plan_submitted);
    out.permit.plan_submitted_epoch_d = plan.value_or(0.0);
    ok = plan.has_value() && ok;
    if (t.has("baseline_volume")) {
      const auto baseline = non_negative_rate(t, "baseline_volume");
      out.permit.baseline_m3_per_d = baseline.value_or(0.0);
      out.permit.has_baseline = baseline.has_value();
      ok = baseline.has_value() && ok;
    }
    if (t.has("metered")) {
      const FileRef ref = t.file("metered", Need::required);
      out.metered_path = ref.path;
      out.metered_pos = ref.pos;
      ok = ref.present() && ok;
    }
    if (ok) spec.permits.push_back(std::move(out));
  }
}

std::optional<ObligationBasis> read_basis(const TableReader& t) {
  const auto basis = t.string("basis", Need::optional);
  if (!basis) return t.has("basis") ? std::nullopt : std::optional(ObligationBasis::total);
  if (*basis == "total") return ObligationBasis::total;
  if (*basis == "increase") return ObligationBasis::increase;
  t.error("basis", "\"" + *basis + "\" is not a basis; expected \"total\" (all extraction) or "
                                   "\"increase\" (extraction over the permit's baseline_volume)");
  return std::nullopt;
}

void read_rules(const TableReader& root, ComplianceSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("obligation_rules");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader t(*tables[i], array_label("obligation_rules", *tables[i], i, "name"),
                        root.ctx(),
                        {"name", "plans_from", "plans_before", "ratio", "basis", "binding"});
    RuleSpec out;
    out.pos = t.pos();
    const auto name = non_empty(t, "name", "a rule name such as \"guideline-2023\"");
    bool ok = name.has_value();
    if (name && !seen.emplace(*name, t.pos("name").line).second) {
      t.error("name", "duplicate rule name \"" + *name + "\"; expected a unique name");
      ok = false;
    }
    out.rule.name = name.value_or("");
    const auto from = date_at(t, "plans_from", Need::required);
    out.rule.plans_from_epoch_d = from.value_or(0.0);
    ok = from.has_value() && ok;
    if (t.has("plans_before")) {
      out.rule.plans_before_epoch_d = date_at(t, "plans_before", Need::required);
      ok = out.rule.plans_before_epoch_d.has_value() && ok;
      if (from && out.rule.plans_before_epoch_d && !(*out.rule.plans_before_epoch_d > *from)) {
        t.error("plans_before", "expected a date after plans_from (the window is plans_from "
                                "<= plan date < plans_before)");
        ok = false;
      }
    }
    const auto ratio = t.quantity("ratio", QuantityKind::dimensionless, Need::required);
    if (ratio && !(*ratio >= 0 && std::isfinite(*ratio))) {
      t.error("ratio", "expected a ratio >= 0 (m3 of recharge owed per m3 extracted, e.g. 0.1 "
                       "or 1.0), got " + format_number(*ratio));
      ok = false;
    }
    out.rule.ratio = ratio.value_or(0.0);
    ok = ratio.has_value() && ok;
    const auto basis = read_basis(t);
    out.rule.basis = basis.value_or(ObligationBasis::total);
    ok = basis.has_value() && ok;
    const auto binding = t.boolean("binding");
    out.rule.binding = binding.value_or(true);
    ok = (binding.has_value() || !t.has("binding")) && ok;
    if (ok) spec.rules.push_back(std::move(out));
  }
}

std::optional<CreditKind> read_kind(const TableReader& t) {
  const auto kind = t.string("kind", Need::required);
  if (!kind) return std::nullopt;
  for (const CreditKind k : all_credit_kinds)
    if (k != CreditKind::flooding && *kind == credit_kind_name(k)) return k;
  const std::string hint = *kind == "flooding"
                               ? " (flooding credit comes from [[flooding]] credited_to, which the "
                                 "simulation computes)"
                               : "";
  t.error("kind", "\"" + *kind + "\" is not a credit kind" + hint +
                      "; expected \"infiltration_facility\", \"donation\", \"forest\", "
                      "\"rice_purchase\" or \"other\"");
  return std::nullopt;
}

// records, volume (per year) or, for donations, yen (per year) with m3_per_yen: exactly one.
bool read_credit_amount(const TableReader& t, CreditSpec& out) {
  const bool donation = out.credit.kind == CreditKind::donation;
  const int given = int(t.has("records")) + int(t.has("volume")) + int(t.has("yen"));
  if (given != 1) {
    const std::string expected = std::string("exactly one of records = \"file.csv\" (") +
                                 (donation ? "date,yen" : "date,volume_m3") +
                                 "), volume = \"1e5 m3/yr\"" + (donation ? " or yen = 1.5e6" : "");
    if (given == 0) t.missing("records", expected);
    else t.error(t.has("records") ? "records" : "volume", "expected " + expected + ", not several");
    return false;
  }
  if (t.has("yen") && !donation) {
    t.error("yen", "is only for kind = \"donation\"; expected volume or records");
    return false;
  }
  if (donation) {
    const auto per_yen = t.quantity("m3_per_yen", QuantityKind::dimensionless, Need::optional);
    out.m3_per_yen = per_yen.value_or(0.3333);  // the regional foundation's rate (domain brief)
    if (!(out.m3_per_yen >= 0 && std::isfinite(out.m3_per_yen))) {
      t.error("m3_per_yen", "expected m3 of recharge credited per yen >= 0 (e.g. 0.3333)");
      return false;
    }
    if (t.has("m3_per_yen") && !per_yen) return false;
  } else if (t.has("m3_per_yen")) {
    t.error("m3_per_yen", "is only for kind = \"donation\"");
    return false;
  }
  if (t.has("records")) {
    const FileRef ref = t.file("records", Need::required);
    out.records_path = ref.path;
    out.records_pos = ref.pos;
    return ref.present();
  }
  if (t.has("yen")) {
    const auto yen = t.quantity("yen", QuantityKind::dimensionless, Need::required);
    if (yen && !(*yen >= 0 && std::isfinite(*yen))) {
      t.error("yen", "expected yen donated per fiscal year >= 0, got " + format_number(*yen));
      return false;
    }
    out.credit.per_year_m3 = yen.value_or(0.0) * out.m3_per_yen;
    return yen.has_value();
  }
  const auto per_day = non_negative_rate(t, "volume");
  out.credit.per_year_m3 = per_day.value_or(0.0) * 365.25;  // m3/d -> m3 per (Julian) year
  return per_day.has_value();
}

void read_credits(const TableReader& root, ComplianceSpec& spec) {
  const auto tables = root.tables("credits");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader t(*tables[i], "[[credits]] #" + std::to_string(i + 1), root.ctx(),
                        {"holder", "kind", "records", "volume", "yen", "m3_per_yen", "name"});
    CreditSpec out;
    out.pos = t.pos();
    out.holder_pos = t.pos("holder");
    out.credit.label = t.label();
    if (const auto name = t.string("name", Need::optional)) out.credit.label += " \"" + *name + "\"";
    const auto holder = non_empty(t, "holder", "the permit holder who earns the credit");
    out.credit.holder = holder.value_or("");
    const auto kind = read_kind(t);
    bool ok = holder.has_value() && kind.has_value();
    if (kind) {
      out.credit.kind = *kind;
      ok = read_credit_amount(t, out) && ok;
    }
    if (ok) spec.credits.push_back(std::move(out));
  }
}

}  // namespace

void read_obligations(const TableReader& root, ScenarioSpec& spec) {
  read_permits(root, spec.compliance_spec);
  read_rules(root, spec.compliance_spec);
  read_credits(root, spec.compliance_spec);
}

}  // namespace aquifer::params
