// A series prepared for the detectors: readings in time order, missing values left out, and
// the robust scale of its own sample-to-sample changes (which every threshold is relative to).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "sensors/observation_data.hpp"

namespace aquifer::sensors {

struct SeriesView final {
  const ObservationSeries* series = nullptr;
  // File indices of finite readings, sorted by time (stable: file order among equal times).
  std::vector<std::size_t> order;
  bool sorted = true;   // the file was in time order: order is increasing, no table needed
  // Unsorted files only: for each file index its position in `order` (npos when missing).
  std::vector<std::size_t> position_table;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Position of a finite reading's file index in `order`.
  [[nodiscard]] std::size_t position(std::size_t index) const;
};

[[nodiscard]] SeriesView make_view(const ObservationSeries& series);
// Same, into an existing view (reuses its buffers).
void fill_view(const ObservationSeries& series, SeriesView& view);

// The readings still in play (not masked by an earlier detector), in time order.
struct ActiveReadings final {
  std::vector<double> t_d;           // days since 1970
  std::vector<double> head_m;        // m
  std::vector<std::size_t> index;    // file index of each reading
  [[nodiscard]] std::size_t size() const { return t_d.size(); }
};

// `masked` is indexed by file index (size = series size); true = left out.
[[nodiscard]] ActiveReadings active_readings(const SeriesView& view,
                                             const std::vector<char>& masked);
// Same, into existing buffers (no allocation when they are large enough).
void fill_active_readings(const SeriesView& view, const std::vector<char>& masked,
                          ActiveReadings& r);

// Robust standard deviation of the change between consecutive readings, as a function of the
// time step (irregular sampling: 14-daily manual readings and hourly loggers in one series).
// Steps are grouped in octaves (powers of two of days); each octave with enough steps gets
// a robust sd of its changes (MAD and 90 % quantile); others borrow from the nearest octave scaled by sqrt(dt ratio).
class ChangeScale final {
 public:
  static constexpr int kMinOctave = -8;   // 2^-8 d ~ 6 min
  static constexpr int kMaxOctave = 12;   // 2^12 d ~ 11 years
  static constexpr int kBins = kMaxOctave - kMinOctave + 1;
  static constexpr std::size_t kMaxSample = 4096;  // changes per octave used for the scale

  ChangeScale() = default;
  // min_sigma_m: floor (reading resolution and sensor noise) [m].
  ChangeScale(const ActiveReadings& r, double min_sigma_m, std::size_t min_steps_per_octave);
  // Expected robust sd of the change over a step of dt_d days [m].
  [[nodiscard]] double sigma(double dt_d) const;
  [[nodiscard]] double typical_step_d() const { return typical_step_d_; }
  [[nodiscard]] bool valid() const { return any_; }

 private:
  std::array<double, kBins> sigma_{};   // 0 = no estimate
  std::array<double, kBins> centre_d_{};
  double min_sigma_m_ = 0.0;
  double typical_step_d_ = 1.0;
  bool any_ = false;
};

[[nodiscard]] int octave_of(double dt_d);

}  // namespace aquifer::sensors
