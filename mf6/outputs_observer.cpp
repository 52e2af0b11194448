#include "mf6/outputs_observer.hpp"

#include <cmath>

namespace aquifer::mf6 {

namespace {
constexpr double kHdry = -1e30;   // MF6 HDRY
constexpr double kHnoflo = 1e30;  // MF6 HNOFLO
}  // namespace

OutputsObserver::OutputsObserver(const Deck& deck, const Translation& translation) : deck_(deck), t_(translation) {
  for (const auto& f : deck.observations) {
    ObservationTable table;
    table.file_name = f.file_name;
    table.digits = f.digits;
    for (const auto& ob : f.observations) table.names.push_back(ob.name);
    result_.observations.push_back(std::move(table));
  }
}

void OutputsObserver::on_step(const solver::StepRecord& record) {
  const StepInfo& s = t_.steps[static_cast<std::size_t>(record.step - 1)];
  const auto& a = record.accounting;
  StepBudget b{s.kper, s.kstp, s.totim, {}};
  if (deck_.sto.present) {
    const auto& st = a.storage_ss_sy_in_out;
    b.terms.push_back({"STO-SS", "STORAGE", st[0], st[1]});
    b.terms.push_back({"STO-SY", "STORAGE", st[2], st[3]});
  }
  for (std::size_t p = 0; p < deck_.packages.size(); ++p) {
    const auto g = static_cast<std::size_t>(t_.package_group[p]);
    b.terms.push_back({deck_.packages[p].ftype, deck_.packages[p].name, a.boundary_in_m3_per_d[g],
                       a.boundary_out_m3_per_d[g]});
  }
  result_.budgets.push_back(std::move(b));
  last_accounting_ = a;
}

void OutputsObserver::on_step_heads(const solver::StepRecord& record, const std::vector<double>& heads_m) {
  if (heads_m.empty()) return;  // not rank 0
  const StepInfo& s = t_.steps[static_cast<std::size_t>(record.step - 1)];
  std::vector<double> h(deck_.grid.cells());
  for (std::size_t n = 0; n < h.size(); ++n) {
    const double v = heads_m[t_.model_cell[n]];
    h[n] = deck_.grid.idomain[n] <= 0 ? kHnoflo : std::isnan(v) ? kHdry : v;
  }
  for (std::size_t f = 0; f < deck_.observations.size(); ++f) {
    result_.observations[f].times.push_back(s.totim);
    ObservationTable& table = result_.observations[f];
    std::vector<double> row;
    for (const auto& ob : deck_.observations[f].observations) {
      if (ob.type == "HEAD") {
        row.push_back(h[ob.node]);
      } else if (ob.type == "DRAWDOWN") {
        row.push_back(deck_.strt[ob.node] - h[ob.node]);
      } else {  // WEL: simulated rate of the matching wells in this step
        double q = 0.0;
        for (std::size_t w = 0; w < t_.wells.size(); ++w) {
          const auto& key = t_.wells[w];
          if (key.package != ob.package) continue;
          if (ob.by_boundname ? key.boundname == ob.boundname : key.node == ob.node)
            q += last_accounting_.well_actual_m3_per_d[w];
        }
        row.push_back(q);
      }
    }
    table.rows.push_back(std::move(row));
  }
  if (s.save_head) result_.heads.push_back(SavedHeads{s.kper, s.kstp, s.pertim, s.totim, std::move(h)});
}

}  // namespace aquifer::mf6
