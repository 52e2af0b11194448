// Throughput of the monitoring detectors (issue 6: >= 1e7 readings/s per core for the rule
// detectors). 1,000 wells x 10 years hourly (87,600 readings each), synthetic: seasonal sine,
// noise, and a few injected faults per well. One core, one series at a time; generation is
// not timed. Prints readings/s for the rule detectors (trend off) and for all detectors.
// Usage: monitor_speed [wells=1000] [years=10]
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "sensors/monitoring.hpp"

using aquifer::sensors::ObservationSeries;

namespace {

ObservationSeries make_well(std::size_t n, unsigned seed) {
  ObservationSeries s;
  s.well_id = "W" + std::to_string(seed);
  s.t.resize(n);
  s.head.resize(n);
  s.line.resize(n);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.003);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = 10957.0 + static_cast<double>(i) / 24.0;
    s.t[i] = t;
    s.head[i] = 10.0 + 0.6 * std::sin(2 * M_PI * t / 365.25) + noise(rng);
    s.line[i] = static_cast<int>(i + 2);
  }
  for (std::size_t k = 1; k <= 5; ++k) s.head[k * n / 7] = 0.0;       // dropouts
  for (std::size_t k = 1; k <= 5; ++k) s.head[k * n / 6 + 3] += 1.5;  // spikes
  return s;
}

// CPU time of this thread [s]: the machine may be shared, and the target is per core.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
  double cpu_s = 0.0;
  double wall_s = 0.0;
};

Timing time_all(std::size_t wells, std::size_t n, const aquifer::sensors::DetectorParams& p,
                std::size_t& events) {
  Timing t;
  for (std::size_t w = 0; w < wells; ++w) {
    const auto s = make_well(n, static_cast<unsigned>(w + 1));
    const double cpu0 = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const auto r = aquifer::sensors::monitor_series(s, p, {}, nullptr);
    t.wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.cpu_s += cpu_seconds() - cpu0;
    events += r.anomalies.size();
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t wells = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
  const std::size_t years = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10;
  const std::size_t n = years * 8760;
  const double readings = static_cast<double>(wells * n);
  aquifer::sensors::DetectorParams rules;
  rules.trend_min_years = 100000;  // trend test off: the rule detectors only
  std::size_t events = 0;
  const Timing t_rules = time_all(wells, n, rules, events);
  std::printf("rule detectors: %zu wells x %zu hourly readings = %.3g readings in %.2f s CPU "
              "(%.2f s wall) -> %.3g readings/s per core, %zu events\n", wells, n, readings,
              t_rules.cpu_s, t_rules.wall_s, readings / t_rules.cpu_s, events);
  events = 0;
  const Timing t_all = time_all(wells, n, {}, events);
  std::printf("all detectors (with seasonal Kendall trend): %.2f s CPU (%.2f s wall) -> %.3g "
              "readings/s per core, %zu events\n", t_all.cpu_s, t_all.wall_s,
              readings / t_all.cpu_s, events);
  return 0;
}
