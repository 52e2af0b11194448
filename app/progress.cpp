#include "app/progress.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "params/calendar.hpp"

namespace aquifer::app {

ProgressReporter::ProgressReporter(double start_epoch_d, bool is_root)
    : start_epoch_d_(start_epoch_d), is_root_(is_root) {}

void ProgressReporter::on_step(const solver::StepRecord& r) {
  ++steps_;
  if (!is_root_ || r.steady) return;
  const auto now = Clock::now();
  const bool last = std::abs(r.t_d - r.end_d) < 1e-9;
  if (now - last_print_ < std::chrono::seconds(2) && !last) return;
  last_print_ = now;
  const double elapsed_s = std::chrono::duration<double>(now - started_).count();
  const double fraction = r.end_d > 0.0 ? r.t_d / r.end_d : 1.0;
  const double left_s = fraction > 0.0 ? elapsed_s * (1.0 - fraction) / fraction : 0.0;
  spdlog::info("simulated {} ({:.1f}%), {:.1f} steps/s, ~{:.0f} s left",
               params::format_date(start_epoch_d_ + r.t_d), 100.0 * fraction,
               elapsed_s > 0.0 ? steps_ / elapsed_s : 0.0, left_s);
}

void BudgetSummary::on_step(const solver::StepRecord& r) {
  const double dt = r.steady ? 1.0 : r.dt_d;
  transient_ = transient_ || !r.steady;
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    volume_m3_.in_m3_per_d[c] += r.budget.in_m3_per_d[c] * dt;
    volume_m3_.out_m3_per_d[c] += r.budget.out_m3_per_d[c] * dt;
  }
  last_rates_ = r.budget;
  max_abs_discrepancy_percent_ =
      std::max(max_abs_discrepancy_percent_, std::abs(r.budget.discrepancy_percent()));
  ++steps_;
  newton_iterations_ += r.newton_iterations;
  linear_iterations_ += r.linear_iterations;
  retries_ += r.retries;
}

std::string BudgetSummary::text() const {
  std::ostringstream s;
  const solver::WaterBudget& b = transient_ ? volume_m3_ : last_rates_;
  const char* unit = transient_ ? "m3 over the run" : "m3/d";
  s << "Water budget (" << unit << "):\n";
  char line[160];
  std::snprintf(line, sizeof line, "  %-15s %16s %16s\n", "component", "in", "out");
  s << line;
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    if (b.in_m3_per_d[c] == 0.0 && b.out_m3_per_d[c] == 0.0) continue;
    const auto name = solver::kBudgetComponentNames[c];
    std::snprintf(line, sizeof line, "  %-15.*s %16.6g %16.6g\n", static_cast<int>(name.size()),
                  name.data(), b.in_m3_per_d[c], b.out_m3_per_d[c]);
    s << line;
  }
  std::snprintf(line, sizeof line, "  %-15s %16.6g %16.6g\n", "total", b.total_in(), b.total_out());
  s << line;
  std::snprintf(line, sizeof line,
                "Worst step discrepancy %.3g %%; %d steps, %d Newton and %d linear iterations, "
                "%d step cuts",
                max_abs_discrepancy_percent_, steps_, newton_iterations_, linear_iterations_,
                retries_);
  s << line;
  return s.str();
}

namespace {

void put_budget(std::ostringstream& s, const solver::WaterBudget& b) {
  char v[64];
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    std::snprintf(v, sizeof v, " %a %a", b.in_m3_per_d[c], b.out_m3_per_d[c]);
    s << v;
  }
  std::snprintf(v, sizeof v, " %a\n", b.flooding_rejected_m3_per_d);
  s << v;
}

void get_budget(std::istringstream& s, solver::WaterBudget& b) {
  std::string v;
  auto next = [&] {
    if (!(s >> v)) throw std::runtime_error("checkpoint: malformed run summary state");
    return std::strtod(v.c_str(), nullptr);
  };
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    b.in_m3_per_d[c] = next();
    b.out_m3_per_d[c] = next();
  }
  b.flooding_rejected_m3_per_d = next();
}

}  // namespace

std::string BudgetSummary::state() const {
  std::ostringstream s;
  put_budget(s, volume_m3_);
  put_budget(s, last_rates_);
  char v[64];
  std::snprintf(v, sizeof v, "%a", max_abs_discrepancy_percent_);
  s << v << ' ' << steps_ << ' ' << newton_iterations_ << ' ' << linear_iterations_ << ' ' << retries_
    << ' ' << (transient_ ? 1 : 0) << '\n';
  return s.str();
}

void BudgetSummary::restore_state(const std::string& text) {
  std::istringstream s(text);
  get_budget(s, volume_m3_);
  get_budget(s, last_rates_);
  std::string v;
  int transient = 0;
  if (!(s >> v >> steps_ >> newton_iterations_ >> linear_iterations_ >> retries_ >> transient))
    throw std::runtime_error("checkpoint: malformed run summary state");
  max_abs_discrepancy_percent_ = std::strtod(v.c_str(), nullptr);
  transient_ = transient != 0;
}

}  // namespace aquifer::app
