#include "app/observation_wells_run.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "output/atomic_file.hpp"
#include "output/scientific_outputs.hpp"
#include "output/simulated_heads_reader.hpp"
#include "params/calendar.hpp"
#include "sensors/head_probes.hpp"
#include "sensors/observation_csv.hpp"
#include "sensors/observation_select.hpp"

namespace aquifer::app {
namespace {

constexpr std::size_t kIssuesLogged = 20;  // per well; the rest are counted

sensors::ObservationReadOptions read_options(const params::ObservationWellSpec& w,
                                             int utc_offset_min) {
  sensors::ObservationReadOptions o;
  o.well_id = w.id;
  o.column = w.column;
  o.unit_to_m = w.unit_to_m;
  o.datum_offset_m = w.datum_offset_m;
  for (const auto& rc : w.reference_changes) {
    o.reference_changes.push_back({rc.from_epoch_d, rc.datum_offset_m});
  }
  o.time_format = w.time_format;
  o.utc_offset_min = utc_offset_min;
  if (w.valid_range_m) {
    o.valid_min_m = (*w.valid_range_m)[0];
    o.valid_max_m = (*w.valid_range_m)[1];
  }
  o.strict = w.strict;
  return o;
}

void log_issues(const params::ObservationWellSpec& w, const std::vector<sensors::DataIssue>& is) {
  if (is.empty()) return;
  std::map<std::string, int> counts;
  for (const auto& i : is) ++counts[i.kind];
  std::string summary;
  for (const auto& [kind, n] : counts) {
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
  }
  spdlog::warn("observation well \"{}\": {} data issue(s) in {} ({})", w.id, is.size(),
               w.data_path, summary);
  for (std::size_t k = 0; k < is.size() && k < kIssuesLogged; ++k) {
    spdlog::warn("  {}:{}: {} [{}]", is[k].file, is[k].line, is[k].message, is[k].kind);
  }
  if (is.size() > kIssuesLogged) spdlog::warn("  ... and {} more", is.size() - kIssuesLogged);
}

std::string number(double v, int digits) {
  if (std::isnan(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

ObservationTracker::ObservationTracker(const params::LoadedScenario& loaded, bool root)
    : loaded_(loaded), root_(root), wells_(loaded.observation_wells) {
  std::vector<params::InputProblem> problems;
  // A file (with its time format) named by several wells is read once, raw.
  std::map<std::pair<std::string, std::string>, int> uses;
  for (const auto& w : wells_) {
    if (!w.data_path.empty()) ++uses[{w.data_path, w.time_format}];
  }
  std::map<std::pair<std::string, std::string>, sensors::ObservationSet> shared_files;
  for (const auto& [key, n] : uses) {
    if (n < 2) continue;
    sensors::ObservationReadOptions timing;
    timing.time_format = key.second;
    timing.utc_offset_min = loaded.utc_offset_min;
    try {
      shared_files.emplace(key, sensors::read_observation_csv(
                                    key.first, sensors::raw_read_options(timing)));
    } catch (const params::InputError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  for (const auto& w : wells_) {
    sensors::ObservationSeries series;
    std::set<int> excluded;
    series.well_id = w.id;
    const bool unreadable = !problems.empty() && uses[{w.data_path, w.time_format}] > 1 &&
                            shared_files.count({w.data_path, w.time_format}) == 0;
    if (!w.data_path.empty() && !unreadable) {
      try {
        const auto opt = read_options(w, loaded.utc_offset_min);
        const auto shared = shared_files.find({w.data_path, w.time_format});
        auto set = shared == shared_files.end()
                       ? sensors::read_observation_csv(w.data_path, opt)
                       : sensors::select_series(shared->second, opt);
        series = std::move(set.series.front());
        if (root_) log_issues(w, set.issues);
        for (const auto& i : set.issues) {
          if (std::find(w.exclude.begin(), w.exclude.end(), i.kind) != w.exclude.end()) {
            excluded.insert(i.line);
          }
        }
      } catch (const params::InputError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
      }
    }
    observed_.push_back(std::move(series));
    excluded_lines_.push_back(std::move(excluded));
  }
  if (!problems.empty()) throw params::InputError(std::move(problems));
  probes_ = sensors::build_head_probes(loaded.model, wells_);
  sim_head_m_.resize(wells_.size());
}

void ObservationTracker::attach(solver::Simulation& simulation,
                                output::ScientificOutputs* scientific) {
  if (wells_.empty()) return;
  scientific_ = scientific;
  simulation.set_probes(probes_);
  simulation.add_observer(this);
}

void ObservationTracker::on_probe_heads(double t_d, const std::vector<double>& heads_m) {
  const double epoch = loaded_.start_epoch_d + t_d;
  if (!sim_epoch_d_.empty() && epoch <= sim_epoch_d_.back()) return;  // already sampled
  sim_epoch_d_.push_back(epoch);
  for (std::size_t i = 0; i < wells_.size(); ++i) {
    sim_head_m_[i].push_back(heads_m[i]);
    if (scientific_) scientific_->record_observation(wells_[i].id, t_d, heads_m[i]);
  }
}

std::string ObservationTracker::state() const {
  // One line per sampled time: the time and every well's head, as hex floats (exact).
  std::string text = "wells " + std::to_string(wells_.size()) + "\n";
  char value[64];
  for (std::size_t k = 0; k < sim_epoch_d_.size(); ++k) {
    std::snprintf(value, sizeof value, "%a", sim_epoch_d_[k]);
    text += value;
    for (std::size_t i = 0; i < wells_.size(); ++i) {
      std::snprintf(value, sizeof value, " %a", sim_head_m_[i][k]);
      text += value;
    }
    text += '\n';
  }
  return text;
}

void ObservationTracker::restore_state(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::size_t wells = 0;
  if (!std::getline(in, line) || std::sscanf(line.c_str(), "wells %zu", &wells) != 1 || wells != wells_.size())
    throw std::runtime_error("checkpoint: the observation state is for another set of observation wells (\"" + line +
                             "\", this scenario has " + std::to_string(wells_.size()) + ")");
  sim_epoch_d_.clear();
  for (auto& h : sim_head_m_) h.clear();
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::vector<double> values;
    std::string v;
    while (fields >> v) values.push_back(std::strtod(v.c_str(), nullptr));
    if (values.size() != wells_.size() + 1)
      throw std::runtime_error("checkpoint: malformed observation state line \"" + line + "\"");
    sim_epoch_d_.push_back(values[0]);
    for (std::size_t i = 0; i < wells_.size(); ++i) sim_head_m_[i].push_back(values[i + 1]);
  }
}

void ObservationTracker::read_simulated(const std::string& heads_h5_path) {
  if (wells_.empty()) return;
  const auto stored = output::read_simulated_heads(heads_h5_path);
  std::vector<const output::SimulatedHeads*> series;
  for (const auto& w : wells_) {
    const auto it = stored.find(w.id);
    if (it == stored.end()) {
      throw std::runtime_error(heads_h5_path + ": no /observations/ series for observation well \"" +
                               w.id + "\"; expected the heads.h5 of a run of this scenario");
    }
    if (!series.empty() && it->second.t_since_start_d != series.front()->t_since_start_d) {
      throw std::runtime_error(heads_h5_path + ": the /observations/ series of \"" + w.id + "\" and \"" +
                               wells_.front().id + "\" have different times");
    }
    series.push_back(&it->second);
  }
  sim_epoch_d_.clear();
  for (auto& h : sim_head_m_) h.clear();
  std::vector<double> heads_m(wells_.size());
  const auto& t_d = series.front()->t_since_start_d;
  for (std::size_t k = 0; k < t_d.size(); ++k) {
    for (std::size_t i = 0; i < wells_.size(); ++i) heads_m[i] = series[i]->head_m[k];
    on_probe_heads(t_d[k], heads_m);
  }
}

std::vector<sensors::FitStatistics> ObservationTracker::statistics() const {
  std::vector<sensors::FitStatistics> out;
  for (std::size_t i = 0; i < wells_.size(); ++i) {
    auto s = sensors::compare_series(sim_epoch_d_, sim_head_m_[i], observed_[i],
                                     excluded_lines_[i]);
    s.well_id = wells_[i].id;
    out.push_back(s);
  }
  return out;
}

void ObservationTracker::finish(const std::filesystem::path& out_dir) const {
  if (!root_ || wells_.empty()) return;
  const auto stats = statistics();
  output::AtomicFile file((out_dir / "observations.csv").string());
  std::FILE* f = file.stream();
  std::fprintf(f, "well_id,n,bias_m,rmse_m,mae_m,nse,kge,first_time,last_time\n");
  spdlog::info("simulated vs observed ({} observation wells):", stats.size());
  spdlog::info("  {:<20} {:>6} {:>9} {:>9} {:>9} {:>7} {:>7}", "well", "n", "bias m", "RMSE m",
               "MAE m", "NSE", "KGE");
  for (const auto& s : stats) {
    const bool any = s.n > 0;
    const int tz = loaded_.utc_offset_min;
    std::fprintf(f, "%s,%zu,%s,%s,%s,%s,%s,%s,%s\n", s.well_id.c_str(), s.n,
                 number(s.bias_m, 6).c_str(), number(s.rmse_m, 6).c_str(),
                 number(s.mae_m, 6).c_str(), number(s.nse, 6).c_str(), number(s.kge, 6).c_str(),
                 any ? params::format_iso8601(s.first_epoch_d, tz).c_str() : "",
                 any ? params::format_iso8601(s.last_epoch_d, tz).c_str() : "");
    spdlog::info("  {:<20} {:>6} {:>9} {:>9} {:>9} {:>7} {:>7}", s.well_id, s.n,
                 number(s.bias_m, 3), number(s.rmse_m, 3), number(s.mae_m, 3), number(s.nse, 3),
                 number(s.kge, 3));
  }
  file.commit();
}

}  // namespace aquifer::app

namespace aquifer::app {

std::unique_ptr<ObservationTracker> make_observation_tracker(const params::LoadedScenario& loaded,
                                                             bool root) {
  try {
    return std::make_unique<ObservationTracker>(loaded, root);
  } catch (const params::InputError& e) {
    if (root) {
      for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
      std::cerr << "aquifer: " << e.problems().size()
                << (e.problems().size() == 1 ? " input error" : " input errors")
                << " in the observation data; nothing was computed or written\n";
    }
    return nullptr;
  }
}

}  // namespace aquifer::app
