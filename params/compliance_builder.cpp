// ComplianceSpec -> ComplianceInputs: permits checked against the wells, rule windows checked
// for overlaps and coverage, metered and credit record files read (date,volume_m3 /
// date,extraction_m3_per_d / date,yen), every problem reported at its file:line:col.
#include <algorithm>
#include <map>
#include <set>

#include "params/calendar.hpp"
#include "params/csv_table.hpp"
#include "params/data_files.hpp"
#include "params/compliance_spec.hpp"
#include "params/scenario_spec.hpp"
#include "params/units.hpp"

namespace aquifer::params {
namespace {

// The value column named by the file's header when it is one of `allowed`; else reports.
std::optional<std::string> value_column(InputFiles& files, const FileRef& ref,
                                        const std::vector<std::string>& allowed) {
  const std::string* text = files.text(ref);
  if (!text) return std::nullopt;
  const auto rows = parse_csv(*text, CsvSeparator::comma);
  std::string expected = "expected the header line date," + allowed.front();
  for (std::size_t i = 1; i < allowed.size(); ++i) expected += " or date," + allowed[i];
  const int file = files.problems().file_id(ref.path);
  if (rows.empty() || !looks_like_header(rows.front()) || rows.front().fields.size() < 2) {
    files.problems().error({file, rows.empty() ? 0 : rows.front().line, 1},
                           "the records file has no header; " + expected + " (it names the unit)");
    return std::nullopt;
  }
  const std::string& name = rows.front().fields[1].text;
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
    files.problems().error({file, rows.front().line, rows.front().fields[1].column},
                           "column 2 is named \"" + name + "\"; " + expected);
    return std::nullopt;
  }
  return name;
}

// Reads date,<column> rows (increasing dates, values >= 0) into epoch days and values.
// Dates without an offset are local time at `utc_offset_min` ([model] timezone).
bool read_records(InputFiles& files, const FileRef& ref, const std::string& column,
                  int utc_offset_min, std::vector<double>& epoch_d, std::vector<double>& values) {
  ScheduleFormat format;
  format.value_column = column;
  format.start_epoch_d = 0.0;  // times stay days since 1970
  format.utc_offset_min = utc_offset_min;
  format.header_required = true;
  solver::PiecewiseConstant series;
  std::vector<SourcePos> where;
  bool ok = read_schedule(files, ref, format, series, &where);
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    if (series.values[i] < 0) {
      files.problems().error(where[i], column + ": " + format_number(series.values[i]) +
                                           " is negative; expected a value >= 0");
      ok = false;
    }
  }
  epoch_d = series.times_d;
  values = series.values;
  return ok;
}

std::vector<DatedVolume> dated(const std::vector<double>& t, const std::vector<double>& v,
                               double factor) {
  std::vector<DatedVolume> out;
  for (std::size_t i = 0; i < t.size() && i < v.size(); ++i) out.push_back({t[i], v[i] * factor});
  return out;
}

bool read_metered(InputFiles& files, const PermitSpec& p, int utc_offset_min, Permit& out) {
  if (p.metered_path.empty()) return true;
  const FileRef ref{p.metered_path, p.metered_pos};
  const auto column = value_column(files, ref, {"volume_m3", "extraction_m3_per_d"});
  if (!column) return false;
  std::vector<double> t, v;
  const bool ok = read_records(files, ref, *column, utc_offset_min, t, v);
  out.metered.path = p.metered_path;
  if (*column == "volume_m3") out.metered.volumes = dated(t, v, 1.0);
  else out.metered.rates = {t, v};
  return ok;
}

// The rule whose window holds the plan date; reports none or several.
bool assign_rule(const ComplianceSpec& spec, Problems& problems, Permit& permit,
                 const SourcePos& plan_pos) {
  std::vector<const ObligationRule*> matches;
  for (const auto& r : spec.rules) {
    const auto& rule = r.rule;
    if (permit.plan_submitted_epoch_d >= rule.plans_from_epoch_d &&
        (!rule.plans_before_epoch_d || permit.plan_submitted_epoch_d < *rule.plans_before_epoch_d))
      matches.push_back(&rule);
  }
  if (matches.size() != 1) {
    problems.error(plan_pos, "[[permits]] \"" + permit.holder + "\" plan_submitted: no "
                             "[[obligation_rules]] window (plans_from <= date < plans_before) "
                             "contains " + permit.plan_submitted +
                             "; expected exactly one rule to apply");
    return false;
  }
  permit.rule = matches.front()->name;
  return true;
}

void check_rule_windows(const ComplianceSpec& spec, Problems& problems) {
  std::vector<const RuleSpec*> rules;
  for (const auto& r : spec.rules) rules.push_back(&r);
  std::sort(rules.begin(), rules.end(), [](const RuleSpec* a, const RuleSpec* b) {
    return a->rule.plans_from_epoch_d < b->rule.plans_from_epoch_d;
  });
  for (std::size_t i = 1; i < rules.size(); ++i) {
    const auto& before = rules[i - 1]->rule;
    const auto& after = rules[i]->rule;
    if (!before.plans_before_epoch_d || *before.plans_before_epoch_d > after.plans_from_epoch_d)
      problems.error(rules[i]->pos, "[[obligation_rules]] \"" + after.name +
                                        "\": its window overlaps that of \"" + before.name +
                                        "\"; expected windows that do not overlap (give \"" +
                                        before.name + "\" plans_before <= this plans_from)");
  }
}

// Wells: every id exists and belongs to one permit; default = the wells the holder owns.
bool resolve_wells(const ScenarioSpec& spec, const PermitSpec& p, std::map<std::string, std::string>& taken,
                   Problems& problems, Permit& out) {
  bool ok = true;
  if (!p.wells_given) {
    for (const auto& w : spec.wells)
      if (w.owner == out.holder) out.wells.push_back(w.id);
    if (out.wells.empty() && p.metered_path.empty()) {
      problems.error(p.pos, "[[permits]] \"" + out.holder + "\": no [[wells]] has owner = \"" +
                                out.holder + "\"; expected wells = [...] or metered = \"file.csv\"");
      return false;
    }
  }
  for (std::size_t i = 0; i < out.wells.size(); ++i) {
    const std::string& id = out.wells[i];
    const SourcePos where = p.wells_given ? p.well_pos[i] : p.pos;
    const auto well = std::find_if(spec.wells.begin(), spec.wells.end(),
                                   [&](const WellSpec& w) { return w.id == id; });
    if (well == spec.wells.end()) {
      problems.error(where, "[[permits]] \"" + out.holder + "\" wells: no [[wells]] has id \"" +
                                id + "\"; expected the id of a well in this scenario");
      ok = false;
      continue;
    }
    const auto [it, inserted] = taken.emplace(id, out.holder);
    if (!inserted) {
      problems.error(where, "[[permits]] \"" + out.holder + "\" wells: \"" + id +
                                "\" is already in the permit of \"" + it->second +
                                "\"; expected each well in one permit");
      ok = false;
    } else if (!well->owner.empty() && well->owner != out.holder) {
      problems.warning(where, "[[permits]] \"" + out.holder + "\" wells: \"" + id +
                                  "\" has owner = \"" + well->owner + "\"");
    }
  }
  return ok;
}

bool build_credit(const CreditSpec& c, const std::set<std::string>& holders, InputFiles& files,
                  int utc_offset_min, Credit& out) {
  out = c.credit;
  bool ok = true;
  if (!holders.count(out.holder)) {
    files.problems().error(c.holder_pos, out.label + " holder: \"" + out.holder +
                                             "\" has no [[permits]]; expected a permit holder");
    ok = false;
  }
  if (c.records_path.empty()) return ok;
  const FileRef ref{c.records_path, c.records_pos};
  const bool donation = out.kind == CreditKind::donation;
  const std::string column = donation ? "yen" : "volume_m3";
  if (!value_column(files, ref, {column})) return false;
  std::vector<double> t, v;
  ok = read_records(files, ref, column, utc_offset_min, t, v) && ok;
  out.records = dated(t, v, donation ? c.m3_per_yen : 1.0);
  out.records_path = c.records_path;
  return ok;
}

}  // namespace

void build_compliance(const ScenarioSpec& spec, InputFiles& files, ComplianceInputs& out) {
  const ComplianceSpec& cs = spec.compliance_spec;
  Problems& problems = files.problems();
  if (cs.permits.empty() && (!cs.rules.empty() || !cs.credits.empty()))
    problems.warning({spec.scenario_file, 0, 0}, "[[obligation_rules]] / [[credits]] without "
                                                 "[[permits]]: no compliance is computed");
  check_rule_windows(cs, problems);
  for (const auto& r : cs.rules) out.rules.push_back(r.rule);
  std::map<std::string, std::string> taken;
  std::set<std::string> holders;
  for (const auto& p : cs.permits) {
    Permit permit = p.permit;
    bool ok = resolve_wells(spec, p, taken, problems, permit);
    ok = read_metered(files, p, spec.utc_offset_min, permit) && ok;
    if (assign_rule(cs, problems, permit, p.plan_pos)) {
      const auto rule = std::find_if(out.rules.begin(), out.rules.end(),
                                     [&](const ObligationRule& r) { return r.name == permit.rule; });
      if (rule->basis == ObligationBasis::increase && !permit.has_baseline) {
        problems.error(p.pos, "[[permits]] \"" + permit.holder + "\": rule \"" + rule->name +
                                  "\" has basis = \"increase\"; expected baseline_volume (e.g. "
                                  "\"2e6 m3/yr\", the extraction before the increase)");
        ok = false;
      }
    }
    holders.insert(permit.holder);
    if (ok) out.permits.push_back(std::move(permit));
  }
  for (const auto& c : cs.credits) {
    Credit credit;
    if (build_credit(c, holders, files, spec.utc_offset_min, credit)) out.credits.push_back(credit);
  }
  if (cs.permits.empty()) return;
  for (const auto& f : spec.flooding)
    if (!f.credited_to.empty() && !holders.count(f.credited_to))
      problems.warning(f.pos, f.label + " credited_to = \"" + f.credited_to +
                                  "\" has no [[permits]]; this recharge is credited to nobody");
}

}  // namespace aquifer::params
