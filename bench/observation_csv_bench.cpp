// Observation ingest speed (issue: 1,000 wells x 10 years of hourly data, ~88 million
// readings, read in under 30 s on the 2-core machine). See bench/observation_ingest.sh.
//
//   observation_csv_bench generate-wide FILE WELLS YEARS   hourly wide-form CSV (+ a few gaps)
//   observation_csv_bench generate-long FILE WELLS YEARS   hourly long-form CSV
//   observation_csv_bench read FILE                        reads it, prints readings and time
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "params/calendar.hpp"
#include "sensors/observation_csv.hpp"

namespace {

// A smooth head per well and hour, with some empty cells (sensor outages).
void generate(const std::string& path, int wells, int years, bool wide) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    std::perror(path.c_str());
    std::exit(1);
  }
  const long hours = static_cast<long>(years * 365.25 * 24.0);
  const std::int64_t day0 = aquifer::params::days_from_civil(2015, 1, 1);
  if (wide) {
    std::fprintf(f, "time");
    for (int w = 0; w < wells; ++w) std::fprintf(f, ",W%04d", w);
    std::fputc('\n', f);
  } else {
    std::fprintf(f, "well_id,time,head\n");
  }
  char stamp[32];
  for (long h = 0; h < hours; ++h) {
    const auto d = aquifer::params::civil_from_days(day0 + h / 24);
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02ld:00:00Z", d.year, d.month, d.day,
                  h % 24);
    if (wide) std::fputs(stamp, f);
    for (int w = 0; w < wells; ++w) {
      const bool gap = (h / 24 + w) % 997 == 0;  // about one outage day in 1000 per well
      const double head = 20.0 + 0.01 * w + 2.0 * std::sin(2.0 * M_PI * h / 8766.0 + w);
      if (wide) {
        if (gap) {
          std::fputc(',', f);
        } else {
          std::fprintf(f, ",%.3f", head);
        }
      } else if (!gap) {
        std::fprintf(f, "W%04d,%s,%.3f\n", w, stamp, head);
      }
    }
    if (wide) std::fputc('\n', f);
  }
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if ((mode == "generate-wide" || mode == "generate-long") && argc == 5) {
    generate(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), mode == "generate-wide");
    return 0;
  }
  if (mode != "read" || argc != 3) {
    std::fprintf(stderr, "usage: %s generate-wide|generate-long FILE WELLS YEARS | read FILE\n",
                 argv[0]);
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto set = aquifer::sensors::read_observation_csv(argv[2]);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t readings = 0;
  for (const auto& series : set.series) readings += series.t.size();
  std::printf("%s: %zu series, %zu readings (incl. missing), %zu issues, %.2f s, %.1f M/s\n",
              argv[2], set.series.size(), readings, set.issues.size(), s, readings / s / 1e6);
  return 0;
}
