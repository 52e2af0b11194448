#include "output/csv_writers.hpp"

#include <cmath>

#include "params/calendar.hpp"
#include "solver/budget.hpp"

namespace aquifer::output {

BudgetCsvWriter::BudgetCsvWriter(const std::string& path, double start_epoch_d, bool is_root, long resume_length)
    : start_epoch_d_(start_epoch_d) {
  if (!is_root) return;
  if (resume_length >= 0) {
    file_ = std::make_unique<AtomicFile>(path, resume_length);
    return;
  }
  file_ = std::make_unique<AtomicFile>(path);
  std::FILE* f = file_->stream();
  std::fputs("time_d,date", f);
  for (const auto name : solver::kBudgetComponentNames)
    std::fprintf(f, ",%.*s_in_m3_per_d,%.*s_out_m3_per_d", static_cast<int>(name.size()),
                 name.data(), static_cast<int>(name.size()), name.data());
  std::fputs(",flooding_rejected_m3_per_d,discrepancy_percent\n", f);
}

void BudgetCsvWriter::on_step(const solver::StepRecord& r) {
  if (!file_) return;
  std::FILE* f = file_->stream();
  const std::string date = params::format_iso8601(start_epoch_d_ + r.t_d);
  std::fprintf(f, "%.10g,%s", r.t_d, date.c_str());
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c)
    std::fprintf(f, ",%.10g,%.10g", r.budget.in_m3_per_d[c], r.budget.out_m3_per_d[c]);
  std::fprintf(f, ",%.10g,%.6e\n", r.budget.flooding_rejected_m3_per_d,
               r.budget.discrepancy_percent());
}

void BudgetCsvWriter::commit() {
  if (file_) file_->commit();
}

HeadsCsvWriter::HeadsCsvWriter(const std::string& path, const solver::Model& model, bool is_root, long resume_length)
    : grid_(model.grid) {
  if (!is_root) return;
  active_ = model.properties.active;
  if (resume_length >= 0) {
    file_ = std::make_unique<AtomicFile>(path, resume_length);
    return;
  }
  file_ = std::make_unique<AtomicFile>(path);
  std::fputs("time_d,layer,row,col,head\n", file_->stream());
}

void HeadsCsvWriter::on_heads(double t_d, const std::vector<double>& heads_m) {
  if (!file_) return;
  std::FILE* f = file_->stream();
  for (int k = 0; k < grid_.nlay; ++k)
    for (int j = 0; j < grid_.ny; ++j)
      for (int i = 0; i < grid_.nx; ++i) {
        const auto c = static_cast<std::size_t>(grid_.index(k, j, i));
        if (active_[c] == 0) continue;
        if (std::isnan(heads_m[c])) {
          std::fprintf(f, "%.10g,%d,%d,%d,nan\n", t_d, k + 1, j + 1, i + 1);
        } else {
          std::fprintf(f, "%.10g,%d,%d,%d,%.15g\n", t_d, k + 1, j + 1, i + 1, heads_m[c]);
        }
      }
}

void HeadsCsvWriter::commit() {
  if (file_) file_->commit();
}

}  // namespace aquifer::output
