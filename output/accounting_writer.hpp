// Extraction and flooding accounting (issue: paddy-flooding recharge and extraction
// schedules): what each well was asked to pump and actually pumped, what each flooding
// programme applied, got accepted and had rejected, per step and per fiscal year, and the
// same summed per owner (permit holder).
//
// accounting.csv, one row per step and item:
//   time_d,date,dt_d,kind,id,owner,requested_m3,actual_m3,rejected_m3
//   kind = well (requested vs pumped; pumping is negative), flooding (applied vs accepted,
//   rejected = applied - accepted; owner = credited_to), owner_wells, owner_flooding.
// fiscal_years.csv, one row per fiscal year and item:
//   fiscal_year,start,end,days_simulated,partial,kind,id,owner,requested_m3,actual_m3,rejected_m3
//   FY N runs from the fiscal-year start day of year N (default 04-01); a step that crosses
//   a fiscal-year boundary is split pro rata (its rates are constant over the step).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "output/atomic_file.hpp"
#include "solver/model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {

struct FiscalYearStart final {
  int month = 4;
  int day = 1;
  int utc_offset_min = 0;  // fiscal years start at local midnight ([model] timezone)
};

class AccountingWriter final : public solver::SimulationObserver {
 public:
  AccountingWriter(const std::string& dir, const solver::Model& model, double start_epoch_d,
                   FiscalYearStart fy_start, bool is_root, long resume_length = -1);
  void on_step(const solver::StepRecord& record) override;
  // Writes fiscal_years.csv and renames both files into place.
  void commit();

  // Checkpoint and restart: flush() returns the bytes of accounting.csv written so far (0 off
  // rank 0); state() is the fiscal-year sums as exact text, restore_state() reads it back
  // (throws std::runtime_error on a malformed text); keep() leaves the file for a restart.
  [[nodiscard]] long flush() { return steps_file_ ? steps_file_->flush() : 0; }
  void keep() {
    if (steps_file_) steps_file_->keep();
  }
  [[nodiscard]] std::string state() const;
  void restore_state(const std::string& text);

  struct Volumes {
    double requested_m3 = 0.0;
    double actual_m3 = 0.0;
    double rejected_m3 = 0.0;
  };
  struct Item {
    std::string kind, id, owner;
  };

 private:
  void add_fiscal(double t0_d, double t1_d, std::size_t item, const Volumes& per_day);
  // Calls fn(fiscal_year, days) for each piece of [t0, t1] inside one fiscal year.
  template <typename Fn>
  void for_each_fiscal_piece(double t0_d, double t1_d, Fn&& fn) const;
  void write_row(double t_d, double dt_d, const Item& item, const Volumes& v);

  double start_epoch_d_;
  FiscalYearStart fy_start_;
  std::vector<Item> items_;             // wells, floodings, then owners
  std::vector<std::size_t> well_owner_item_;      // item index of each well's owner row
  std::vector<std::size_t> flooding_owner_item_;  // item index (or npos) per flooding
  std::size_t first_flooding_ = 0;
  std::size_t first_boundary_ = 0;  // "boundary" items (Model::boundary_groups) start here
  // fiscal year -> per item volumes, and simulated days per fiscal year
  std::map<int, std::vector<Volumes>> fiscal_;
  std::map<int, double> fiscal_days_;
  std::string dir_;
  std::unique_ptr<AtomicFile> steps_file_;  // rank 0 only
};

}  // namespace aquifer::output
