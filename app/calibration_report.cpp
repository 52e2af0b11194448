#include "app/calibration_report.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "output/atomic_file.hpp"
#include "params/calendar.hpp"

namespace aquifer::app {
namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json well_statistics(const std::vector<sensors::FitStatistics>& stats) {
  json out = json::array();
  for (const auto& s : stats) {
    out.push_back({{"well_id", s.well_id}, {"n", s.n}, {"bias_m", number(s.n ? s.bias_m : NAN)},
                   {"rmse_m", number(s.n ? s.rmse_m : NAN)}, {"mae_m", number(s.n ? s.mae_m : NAN)},
                   {"nse", number(s.n ? s.nse : NAN)}, {"kge", number(s.n ? s.kge : NAN)}});
  }
  return out;
}

bool at_bound(const params::CalibrationParameter& p, double m) {
  return std::fabs(m - p.lower) <= 1e-6 * p.lower || std::fabs(m - p.upper) <= 1e-6 * p.upper;
}

json result_json(const params::LoadedScenario& loaded, const params::CalibrationSpec& spec,
                 const CalibrationProblem& problem, const CalibrationResult& r) {
  json params = json::array();
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    const auto& p = spec.parameters[j];
    params.push_back({{"name", p.name}, {"kind", params::calibration_kind_name(p.kind)},
                      {"target", p.target}, {"initial", p.initial}, {"lower", p.lower},
                      {"upper", p.upper}, {"log", p.log}, {"estimate", r.multipliers[j]},
                      {"standard_error", number(r.standard_errors[j])},
                      {"at_bound", at_bound(p, r.multipliers[j])}});
  }
  json corr = json::array();
  for (const auto& row : r.correlation) {
    json jr = json::array();
    for (double v : row) jr.push_back(number(v));
    corr.push_back(jr);
  }
  const auto n = problem.size();
  const auto p = spec.parameters.size();
  return {{"scenario", loaded.scenario_path},
          {"parameters_file", spec.path},
          {"method", spec.method == "pounders" ? "TAO POUNDERS" : "TAO BRGN"},
          {"fd_step", spec.fd_step},
          {"observations", n},
          {"iterations", r.iterations},
          {"converged_reason", r.converged_reason},
          {"simulations", problem.simulations()},
          {"parameters", params},
          {"correlation", corr},
          {"covariance_defined", r.covariance_defined},
          {"ssr_before", r.before.ssr},
          {"ssr_after", r.after.ssr},
          {"error_variance", n > p ? json(r.after.ssr / static_cast<double>(n - p)) : json(nullptr)},
          {"objective_history", r.objective_history},
          {"statistics_before", well_statistics(r.before.wells)},
          {"statistics_after", well_statistics(r.after.wells)}};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  output::AtomicFile f(path.string());
  std::fputs(text.c_str(), f.stream());
  f.commit();
}

}  // namespace

std::filesystem::path write_calibration_outputs(const std::filesystem::path& out_dir,
                                                const params::LoadedScenario& loaded,
                                                const params::CalibrationSpec& spec,
                                                const CalibrationProblem& problem,
                                                const CalibrationResult& result) {
  // The calibrated text first: if it cannot be made, nothing is written.
  const auto calibrated = params::calibrated_scenario_text(loaded, spec, result.multipliers);
  write_text(out_dir / "calibration.json",
             result_json(loaded, spec, problem, result).dump(2) + "\n");
  std::string csv = "iteration,ssr\n";
  for (std::size_t i = 0; i < result.objective_history.size(); ++i)
    csv += std::to_string(i) + "," + fmt::format("{:.10g}", result.objective_history[i]) + "\n";
  write_text(out_dir / "calibration_history.csv", csv);
  std::string stats = "well_id,n,bias_before_m,rmse_before_m,nse_before,bias_after_m,rmse_after_m,nse_after\n";
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); };
  for (std::size_t w = 0; w < result.before.wells.size(); ++w) {
    const auto& b = result.before.wells[w];
    const auto& a = result.after.wells[w];
    if (b.n == 0) continue;
    stats += fmt::format("{},{},{},{},{},{},{},{}\n", b.well_id, b.n, num(b.bias_m), num(b.rmse_m),
                         num(b.nse), num(a.bias_m), num(a.rmse_m), num(a.nse));
  }
  write_text(out_dir / "calibration_statistics.csv", stats);
  const auto stem = std::filesystem::path(loaded.scenario_path).stem().string();
  const auto toml = out_dir / (stem + ".calibrated.toml");
  write_text(toml, calibrated);
  return toml;
}

void log_calibration(const params::CalibrationSpec& spec, const CalibrationResult& r) {
  spdlog::info("calibration: {} iterations ({}), SSR {:.6g} -> {:.6g}", r.iterations,
               r.converged_reason, r.before.ssr, r.after.ssr);
  spdlog::info("  {:<16} {:<12} {:<20} {:>10} {:>10} {:>10}", "parameter", "kind", "target",
               "initial", "estimate", "std error");
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    const auto& p = spec.parameters[j];
    spdlog::info("  {:<16} {:<12} {:<20} {:>10.4g} {:>10.5g} {:>10.3g}{}", p.name,
                 params::calibration_kind_name(p.kind), p.target, p.initial, r.multipliers[j],
                 r.standard_errors[j], at_bound(p, r.multipliers[j]) ? "  (at a bound)" : "");
  }
  spdlog::info("  {:<20} {:>6} {:>10} {:>10} {:>10} {:>10}", "well", "n", "RMSE before",
               "RMSE after", "bias before", "bias after");
  for (std::size_t w = 0; w < r.before.wells.size(); ++w) {
    const auto& b = r.before.wells[w];
    const auto& a = r.after.wells[w];
    if (b.n == 0) continue;
    spdlog::info("  {:<20} {:>6} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g}", b.well_id, b.n,
                 b.rmse_m, a.rmse_m, b.bias_m, a.bias_m);
  }
  if (r.after.undefined > 0)
    spdlog::warn("calibration: {} reading(s) fall at a well whose cells are dry at the estimate; "
                 "they count as residual 0", r.after.undefined);
  if (r.converged_reason.rfind("DIVERGED", 0) == 0)
    spdlog::warn("calibration: TAO stopped without converging ({}); the estimates are the best "
                 "point found (raise [options] max_iterations?)", r.converged_reason);
  if (!r.covariance_defined)
    spdlog::warn("calibration: J^T J is singular at the estimate (a parameter the observations do "
                 "not inform?): no standard errors or correlation");
}

}  // namespace aquifer::app
