// budget.csv and heads.csv (outputs contract), written on rank 0 as the simulation runs.
#pragma once

#include <memory>
#include <string>

#include "output/atomic_file.hpp"
#include "solver/model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {

// budget.csv: time_d,date,<component>_in_m3_per_d,<component>_out_m3_per_d,...,
// flooding_rejected_m3_per_d,discrepancy_percent — one row per step.
class BudgetCsvWriter final : public solver::SimulationObserver {
 public:
  // start_epoch_d: model start in days since 1970-01-01 (for the date column).
  // resume_length >= 0: continue budget.csv.partial from that many bytes (restart).
  BudgetCsvWriter(const std::string& path, double start_epoch_d, bool is_root, long resume_length = -1);
  void on_step(const solver::StepRecord& record) override;
  void commit();
  // Checkpoint: flushes and returns the bytes written (0 off rank 0). keep(): solver failed.
  [[nodiscard]] long flush() { return file_ ? file_->flush() : 0; }
  void keep() {
    if (file_) file_->keep();
  }

 private:
  double start_epoch_d_;
  std::unique_ptr<AtomicFile> file_;  // rank 0 only
};

// heads.csv: time_d,layer,row,col,head — one row per active cell and output time, 1-based
// indices, row 1 = southern row, layer 1 = top; dry cells print as nan.
class HeadsCsvWriter final : public solver::SimulationObserver {
 public:
  HeadsCsvWriter(const std::string& path, const solver::Model& model, bool is_root, long resume_length = -1);
  void on_heads(double t_d, const std::vector<double>& heads_m) override;
  [[nodiscard]] bool needs_gathered_heads() const override { return true; }
  void commit();
  [[nodiscard]] long flush() { return file_ ? file_->flush() : 0; }
  void keep() {
    if (file_) file_->keep();
  }

 private:
  solver::GridGeometry grid_;
  std::vector<std::uint8_t> active_;
  std::unique_ptr<AtomicFile> file_;  // rank 0 only
};

}  // namespace aquifer::output
