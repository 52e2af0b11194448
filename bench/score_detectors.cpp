// Scores the monitoring detectors on a clean/edited pair of the same series (issue 6):
//   label = every reading where the two files differ (same row in both);
//   detectors run with ONE configuration (the defaults, or --config for all files alike);
//   point and event precision, recall and F1, overall and per kind;
//   an event = consecutive labelled readings; found if any flag lands within one reading of it;
//   flags counted are events of severity warning or alarm (info: gaps, trends are not flags);
//   the clean file must raise no warning/alarm at all.
// Usage: score_detectors --clean FILE --edit FILE [--config monitoring.toml] [--check]
// --check: exit status 1 unless event recall >= 0.95, event precision >= 0.90 and the clean
// series has no warning/alarm (the targets).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "params/load_scenario.hpp"
#include "sensors/monitoring.hpp"
#include "sensors/observation_csv.hpp"

namespace {

using aquifer::sensors::Anomaly;
using aquifer::sensors::Severity;

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
};

double ratio(std::size_t a, std::size_t b) { return b == 0 ? NAN : double(a) / double(b); }
double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

bool flagged_event(const Anomaly& a) { return a.severity != Severity::info; }

aquifer::sensors::ObservationSeries load(const std::string& path) {
  auto set = aquifer::sensors::read_observation_csv(path);
  if (set.series.size() != 1) throw std::runtime_error(path + ": expected one series");
  return set.series.front();
}

int score(const std::string& clean_path, const std::string& edit_path,
          const aquifer::sensors::MonitoringConfig& config, bool check) {
  const auto clean = load(clean_path);
  const auto edit = load(edit_path);
  if (clean.t.size() != edit.t.size()) throw std::runtime_error("files differ in length");
  const std::size_t n = clean.t.size();
  std::vector<char> label(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const bool both_nan = std::isnan(clean.head[i]) && std::isnan(edit.head[i]);
    label[i] = (clean.t[i] != edit.t[i] || (!both_nan && clean.head[i] != edit.head[i])) ? 1 : 0;
  }
  // labelled events: runs of consecutive labelled rows
  std::vector<std::pair<std::size_t, std::size_t>> truth;
  for (std::size_t i = 0; i < n; ++i) {
    if (!label[i]) continue;
    if (!truth.empty() && truth.back().second + 1 == i) truth.back().second = i;
    else truth.emplace_back(i, i);
  }
  const auto& p = config.params_for(edit.well_id);
  const auto info = config.info_for(edit.well_id);
  const auto result = aquifer::sensors::monitor_series(edit, p, info, nullptr);
  std::vector<char> flag(n, 0);
  std::map<std::string, std::vector<const Anomaly*>> by_kind;
  for (const auto& a : result.anomalies) {
    if (!flagged_event(a)) continue;
    for (auto i : a.indices) flag[i] = 1;
    by_kind[std::string(aquifer::sensors::kind_name(a.kind))].push_back(&a);
  }
  auto near_label = [&](std::size_t i) {
    for (long d = -1; d <= 1; ++d) {
      const long j = long(i) + d;
      if (j >= 0 && j < long(n) && label[j]) return true;
    }
    return false;
  };
  Counts pts;
  for (std::size_t i = 0; i < n; ++i) {
    if (flag[i] && label[i]) ++pts.tp;
    else if (flag[i]) ++pts.fp;
    else if (label[i]) ++pts.fn;
  }
  std::size_t found = 0;
  for (auto [a, b] : truth) {
    bool hit = false;
    for (std::size_t i = (a > 0 ? a - 1 : 0); i <= std::min(b + 1, n - 1); ++i) hit = hit || flag[i];
    found += hit ? 1 : 0;
  }
  std::size_t events = 0, true_events = 0;
  std::printf("pair: %s | %s (%zu readings, %zu labelled in %zu events)\n", clean_path.c_str(),
              edit_path.c_str(), n, std::size_t(std::count(label.begin(), label.end(), 1)),
              truth.size());
  std::printf("  %-20s %7s %9s %9s %9s\n", "kind", "events", "ev_prec", "pt_prec", "ev_found");
  for (const auto& [kind, list] : by_kind) {
    std::size_t ok = 0, pt_ok = 0, pt_all = 0;
    std::set<std::size_t> hits;
    for (const Anomaly* a : list) {
      bool any = false;
      for (auto i : a->indices) {
        any = any || near_label(i);
        pt_ok += label[i] ? 1 : 0;
        ++pt_all;
      }
      ok += any ? 1 : 0;
      for (std::size_t t = 0; t < truth.size(); ++t) {
        for (auto i : a->indices) {
          if (i + 1 >= truth[t].first && i <= truth[t].second + 1) hits.insert(t);
        }
      }
    }
    events += list.size();
    true_events += ok;
    std::printf("  %-20s %7zu %9.3f %9.3f %9zu\n", kind.c_str(), list.size(),
                ratio(ok, list.size()), ratio(pt_ok, pt_all), hits.size());
  }
  const double pp = ratio(pts.tp, pts.tp + pts.fp), pr = ratio(pts.tp, pts.tp + pts.fn);
  const double ep = ratio(true_events, events), er = ratio(found, truth.size());
  std::printf("  points: precision %.3f recall %.3f F1 %.3f (tp %zu fp %zu fn %zu)\n", pp, pr,
              f1(pp, pr), pts.tp, pts.fp, pts.fn);
  std::printf("  events: precision %.3f recall %.3f F1 %.3f (%zu/%zu flagged events true, "
              "%zu/%zu labelled events found)\n", ep, er, f1(ep, er), true_events, events, found,
              truth.size());
  const auto clean_result = aquifer::sensors::monitor_series(clean, p, info, nullptr);
  std::size_t clean_flags = 0, clean_info = 0;
  for (const auto& a : clean_result.anomalies) {
    if (!flagged_event(a)) { ++clean_info; continue; }
    ++clean_flags;
    std::printf("  CLEAN FLAG: %s %s n=%zu %s\n", std::string(kind_name(a.kind)).c_str(),
                std::string(severity_name(a.severity)).c_str(), a.n_points, a.detail.c_str());
  }
  std::printf("  clean series: %zu warning/alarm events, %zu info events (gaps, trend)\n",
              clean_flags, clean_info);
  const bool pass = er >= 0.95 && ep >= 0.90 && clean_flags == 0;
  std::printf("  targets (event recall >= 0.95, precision >= 0.90, clean: none): %s\n",
              pass ? "MET" : "NOT MET");
  return check && !pass ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string clean, config_path;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--clean" && i + 1 < argc) clean = argv[++i];
    else if (a == "--edit" && i + 1 < argc) pairs.emplace_back(clean, argv[++i]);
    else if (a == "--config" && i + 1 < argc) config_path = argv[++i];
    else if (a == "--check") check = true;
    else {
      std::fprintf(stderr, "usage: score_detectors --clean FILE --edit FILE [--clean FILE --edit "
                           "FILE ...] [--config monitoring.toml] [--check]\n");
      return 2;
    }
  }
  if (pairs.empty()) {
    std::fprintf(stderr, "score_detectors: give at least one --clean FILE --edit FILE pair\n");
    return 2;
  }
  try {
    aquifer::sensors::MonitoringConfig config;
    if (!config_path.empty()) config = aquifer::sensors::load_monitoring_config(config_path);
    int status = 0;
    for (const auto& [c, e] : pairs) status |= score(c, e, config, check);
    return status;
  } catch (const aquifer::params::InputError& e) {
    for (const auto& p : e.problems()) std::fprintf(stderr, "%s\n", p.to_string().c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "score_detectors: %s\n", e.what());
    return 1;
  }
}
