#include "sensors/detectors_quality.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "params/calendar.hpp"
#include "params/csv_table.hpp"
#include "params/problems.hpp"
#include "sensors/detectors_trend.hpp"

namespace aquifer::sensors {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return {};
  const auto b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  try {
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string format_ng(double v) {
  char s[64];
  std::snprintf(s, sizeof s, "%.4g ng/L", v);
  return s;
}

}  // namespace

std::optional<double> ng_per_l_factor(std::string_view unit) {
  std::string u = lower(trim(unit));
  // "µg/l" in UTF-8 (micro sign or Greek mu) -> "ug/l"
  for (const char* mu : {"\xC2\xB5", "\xCE\xBC"}) {
    if (u.rfind(mu, 0) == 0) u = "u" + u.substr(2);
  }
  if (u == "ng/l") return 1.0;
  if (u == "ug/l") return 1e3;
  if (u == "mg/l") return 1e6;
  if (u == "g/l") return 1e9;
  return std::nullopt;
}

std::optional<double> parse_concentration(std::string_view text, std::string* error) {
  const std::string t = trim(text);
  std::size_t split = 0;
  while (split < t.size() && (std::isdigit(static_cast<unsigned char>(t[split])) ||
                              t[split] == '.' || t[split] == '-' || t[split] == '+' ||
                              t[split] == 'e' || t[split] == 'E')) {
    ++split;
  }
  const auto value = parse_number(t.substr(0, split));
  const auto factor = ng_per_l_factor(t.substr(split));
  if (!value || !factor || *value < 0.0) {
    if (error) *error = "expected a concentration like \"50 ng/L\" (units ng/L, ug/L, mg/L, g/L), "
                        "found \"" + t + "\"";
    return std::nullopt;
  }
  return *value * *factor;
}

std::vector<QualitySample> read_quality_csv(const std::string& path) {
  params::Problems problems;
  const int file = problems.file_id(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error({file, 0, 0}, "cannot read the water-quality file; expected a readable CSV "
                                 "with columns well_id,date,substance,value,unit");
    problems.throw_if_errors();
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto rows = params::parse_csv(text.str(), params::CsvSeparator::comma);
  std::vector<QualitySample> samples;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (r == 0 && params::looks_like_header(row)) continue;
    if (row.fields.size() != 5) {
      problems.error({file, row.line, 1}, "expected 5 fields well_id,date,substance,value,unit, "
                                          "found " + std::to_string(row.fields.size()));
      continue;
    }
    QualitySample s;
    s.file = path;
    s.line = row.line;
    s.well_id = row.fields[0].text;
    s.substance = row.fields[2].text;
    std::string why;
    const auto t = params::parse_iso8601(row.fields[1].text, 0, &why);
    if (!t) problems.error({file, row.line, row.fields[1].column}, "bad date: " + why);
    std::string value = row.fields[3].text;
    if (!value.empty() && value[0] == '<') {
      s.below_detection = true;
      value = trim(value.substr(1));
    }
    const auto v = parse_number(value);
    if (!v || *v < 0.0) {
      problems.error({file, row.line, row.fields[3].column},
                     "expected a concentration >= 0 (or \"<x\" below detection), found \"" +
                         row.fields[3].text + "\"");
    }
    const auto f = ng_per_l_factor(row.fields[4].text);
    if (!f) {
      problems.error({file, row.line, row.fields[4].column},
                     "unknown unit \"" + row.fields[4].text + "\"; expected ng/L, ug/L, mg/L or g/L");
    }
    if (s.well_id.empty()) problems.error({file, row.line, 1}, "empty well_id");
    if (!t || !v || !f || *v < 0.0) continue;
    s.t_d = t->epoch_d;
    s.value_ng_per_l = *v * *f;
    samples.push_back(std::move(s));
  }
  problems.throw_if_errors();
  return samples;
}

namespace {

void check_limits(const std::vector<QualitySample>& samples, const QualityLimit& limit,
                  std::vector<Anomaly>& out) {
  std::set<std::string> wanted;
  for (const auto& s : limit.substances) wanted.insert(lower(trim(s)));
  struct Sum { double total = 0.0; std::size_t found = 0; };
  std::map<std::pair<std::string, double>, Sum> sums;  // (well, time)
  for (const auto& s : samples) {
    if (wanted.count(lower(s.substance)) == 0) continue;
    Sum& sum = sums[{s.well_id, s.t_d}];
    sum.total += s.below_detection ? 0.0 : s.value_ng_per_l;
    ++sum.found;
  }
  for (const auto& [key, sum] : sums) {
    if (!(sum.total > limit.limit_ng_per_l)) continue;
    Anomaly a;
    a.well_id = key.first;
    a.kind = AnomalyKind::quality_limit;
    a.severity = Severity::alarm;
    a.start_d = a.end_d = key.second;
    a.n_points = sum.found;
    a.value = sum.total;
    a.expected = limit.limit_ng_per_l;
    a.detail = limit.name + " = " + format_ng(sum.total) + " exceeds the limit " +
               format_ng(limit.limit_ng_per_l) + " (" + std::to_string(sum.found) + " of " +
               std::to_string(wanted.size()) + " substances measured; below detection = 0).";
    out.push_back(std::move(a));
  }
}

void check_trends(const std::vector<QualitySample>& samples,
                  const std::vector<QualityLimit>& limits, const DetectorParams& p,
                  std::vector<Anomaly>& out) {
  std::set<std::string> limited;
  for (const auto& l : limits) {
    for (const auto& s : l.substances) limited.insert(lower(trim(s)));
  }
  std::map<std::pair<std::string, std::string>, std::vector<const QualitySample*>> groups;
  for (const auto& s : samples) {
    if (limited.count(lower(s.substance)) == 0) groups[{s.well_id, s.substance}].push_back(&s);
  }
  for (auto& [key, list] : groups) {
    if (list.size() < 4) continue;
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return a->t_d < b->t_d; });
    std::vector<double> t;
    std::vector<double> x;
    for (const auto* s : list) {
      t.push_back(s->t_d / 365.25);
      x.push_back(s->below_detection ? 0.0 : s->value_ng_per_l);
    }
    const KendallResult k = mann_kendall(t, x);
    if (!(k.p_value < p.trend_alpha) || k.s <= 0.0) continue;
    Anomaly a;
    a.well_id = key.first;
    a.kind = AnomalyKind::quality_trend;
    a.severity = Severity::warning;
    a.start_d = list.front()->t_d;
    a.end_d = list.back()->t_d;
    a.n_points = list.size();
    a.value = x.back();
    a.expected = x.front();
    char text[300];
    std::snprintf(text, sizeof text, "%s rises by %.4g ng/L per year (Sen's slope) with no limit "
                  "set: Mann-Kendall S = %.0f, Var(S) = %.1f, p = %.2g over %zu samples.",
                  key.second.c_str(), k.sen_slope, k.s, k.var_s, k.p_value, list.size());
    a.detail = text;
    out.push_back(std::move(a));
  }
}

}  // namespace

std::vector<Anomaly> detect_quality(const std::vector<QualitySample>& samples,
                                    const std::vector<QualityLimit>& limits,
                                    const DetectorParams& params) {
  std::vector<Anomaly> out;
  for (const auto& l : limits) check_limits(samples, l, out);
  check_trends(samples, limits, params, out);
  return out;
}

}  // namespace aquifer::sensors
