#include "output/accounting_writer.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "params/calendar.hpp"

namespace aquifer::output {

namespace {

// Quotes a CSV field when it holds a comma, quote or newline.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::size_t find_or_add(std::vector<AccountingWriter::Item>& items, const std::string& kind,
                        const std::string& owner) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].kind == kind && items[i].id == owner) return i;
  items.push_back({kind, owner, owner});
  return items.size() - 1;
}

}  // namespace

AccountingWriter::AccountingWriter(const std::string& dir, const solver::Model& model,
                                   double start_epoch_d, FiscalYearStart fy_start, bool is_root,
                                   long resume_length)
    : start_epoch_d_(start_epoch_d), fy_start_(fy_start), dir_(dir) {
  for (const auto& w : model.wells) items_.push_back({"well", w.id, w.owner});
  first_flooding_ = items_.size();
  for (const auto& f : model.flooding) items_.push_back({"flooding", f.id, f.credited_to});
  constexpr auto npos = static_cast<std::size_t>(-1);
  for (const auto& w : model.wells)
    well_owner_item_.push_back(w.owner.empty() ? npos : find_or_add(items_, "owner_wells", w.owner));
  for (const auto& f : model.flooding)
    flooding_owner_item_.push_back(
        f.credited_to.empty() ? npos : find_or_add(items_, "owner_flooding", f.credited_to));
  first_boundary_ = items_.size();
  for (const auto& name : model.boundary_groups) items_.push_back({"boundary", name, ""});
  if (!is_root) return;
  const auto path = (std::filesystem::path(dir) / "accounting.csv").string();
  if (resume_length >= 0) {
    steps_file_ = std::make_unique<AtomicFile>(path, resume_length);
    return;
  }
  steps_file_ = std::make_unique<AtomicFile>((std::filesystem::path(dir) / "accounting.csv").string());
  std::fputs("time_d,date,dt_d,kind,id,owner,requested_m3,actual_m3,rejected_m3\n",
             steps_file_->stream());
}

// Volumes print with "+ 0.0" so that a negated zero rate does not show as "-0".
void AccountingWriter::write_row(double t_d, double dt_d, const Item& item, const Volumes& v) {
  std::fprintf(steps_file_->stream(), "%.10g,%s,%.10g,%s,%s,%s,%.10g,%.10g,%.10g\n", t_d,
               params::format_iso8601(start_epoch_d_ + t_d).c_str(), dt_d, item.kind.c_str(),
               csv_field(item.id).c_str(), csv_field(item.owner).c_str(), v.requested_m3 + 0.0,
               v.actual_m3 + 0.0, v.rejected_m3 + 0.0);
}

void AccountingWriter::on_step(const solver::StepRecord& r) {
  if (!steps_file_ || r.steady || r.dt_d <= 0.0) return;
  const auto& a = r.accounting;
  // Rates per day; wells as positive extraction, shortfall = requested - actual.
  std::vector<Volumes> rate(items_.size());
  for (std::size_t w = 0; w < well_owner_item_.size(); ++w) {
    const Volumes v{-a.well_requested_m3_per_d[w], -a.well_actual_m3_per_d[w],
                    a.well_actual_m3_per_d[w] - a.well_requested_m3_per_d[w]};
    rate[w] = v;
    if (well_owner_item_[w] != static_cast<std::size_t>(-1)) {
      auto& o = rate[well_owner_item_[w]];
      o.requested_m3 += v.requested_m3;
      o.actual_m3 += v.actual_m3;
      o.rejected_m3 += v.rejected_m3;
    }
  }
  for (std::size_t f = 0; f < flooding_owner_item_.size(); ++f) {
    const Volumes v{a.flooding_applied_m3_per_d[f], a.flooding_accepted_m3_per_d[f],
                    a.flooding_applied_m3_per_d[f] - a.flooding_accepted_m3_per_d[f]};
    rate[first_flooding_ + f] = v;
    if (flooding_owner_item_[f] != static_cast<std::size_t>(-1)) {
      auto& o = rate[flooding_owner_item_[f]];
      o.requested_m3 += v.requested_m3;
      o.actual_m3 += v.actual_m3;
      o.rejected_m3 += v.rejected_m3;
    }
  }
  // Head-dependent boundaries: net flow into the aquifer (negative = discharge, e.g. springs).
  for (std::size_t g = 0; g < a.boundary_flow_m3_per_d.size(); ++g) {
    const double q = a.boundary_flow_m3_per_d[g];
    rate[first_boundary_ + g] = Volumes{q, q, 0.0};
  }
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Volumes& q = rate[i];
    write_row(r.t_d, r.dt_d, items_[i],
              {q.requested_m3 * r.dt_d, q.actual_m3 * r.dt_d, q.rejected_m3 * r.dt_d});
    add_fiscal(r.t_d - r.dt_d, r.t_d, i, q);
  }
  for_each_fiscal_piece(r.t_d - r.dt_d, r.t_d, [&](int fy, double days) { fiscal_days_[fy] += days; });
}

template <typename Fn>
void AccountingWriter::for_each_fiscal_piece(double t0_d, double t1_d, Fn&& fn) const {
  double t = t0_d;
  while (t < t1_d - 1e-12) {
    const double offset_d = fy_start_.utc_offset_min / 1440.0;  // local = UTC + offset
    const auto c = params::civil_from_days(
        static_cast<std::int64_t>(std::floor(start_epoch_d_ + offset_d + t + 1e-9)));
    const bool before_start =
        c.month < fy_start_.month || (c.month == fy_start_.month && c.day < fy_start_.day);
    const int fy = before_start ? c.year - 1 : c.year;
    const double next = static_cast<double>(params::days_from_civil(fy + 1, fy_start_.month, fy_start_.day)) -
                        offset_d - start_epoch_d_;
    const double end = std::min(next, t1_d);
    fn(fy, end - t);
    t = end;
  }
}

void AccountingWriter::add_fiscal(double t0_d, double t1_d, std::size_t item, const Volumes& q) {
  for_each_fiscal_piece(t0_d, t1_d, [&](int fy, double days) {
    auto& v = fiscal_[fy];
    v.resize(items_.size());
    v[item].requested_m3 += q.requested_m3 * days;
    v[item].actual_m3 += q.actual_m3 * days;
    v[item].rejected_m3 += q.rejected_m3 * days;
  });
}

// One line per fiscal year: "days <fy> <days>", then "volumes <fy> <item> <req> <act> <rej>";
// doubles as C99 hex floats, so that they read back exactly.
std::string AccountingWriter::state() const {
  std::string text;
  char line[256];
  for (const auto& [fy, days] : fiscal_days_) {
    std::snprintf(line, sizeof line, "days %d %a\n", fy, days);
    text += line;
  }
  for (const auto& [fy, volumes] : fiscal_)
    for (std::size_t i = 0; i < volumes.size(); ++i) {
      std::snprintf(line, sizeof line, "volumes %d %zu %a %a %a\n", fy, i, volumes[i].requested_m3,
                    volumes[i].actual_m3, volumes[i].rejected_m3);
      text += line;
    }
  return text;
}

void AccountingWriter::restore_state(const std::string& text) {
  fiscal_.clear(), fiscal_days_.clear();
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    int fy = 0;
    std::size_t item = 0;
    char a[64], b[64], c[64];
    if (std::sscanf(line.c_str(), "days %d %63s", &fy, a) == 2) {
      fiscal_days_[fy] = std::strtod(a, nullptr);
    } else if (std::sscanf(line.c_str(), "volumes %d %zu %63s %63s %63s", &fy, &item, a, b, c) == 5 &&
               item < items_.size()) {
      auto& v = fiscal_[fy];
      v.resize(items_.size());
      v[item] = {std::strtod(a, nullptr), std::strtod(b, nullptr), std::strtod(c, nullptr)};
    } else if (!line.empty()) {
      throw std::runtime_error("checkpoint: malformed accounting state line \"" + line + "\"");
    }
  }
}

std::string AccountingWriter::boundary_summary_text() const {
  if (first_boundary_ >= items_.size() || fiscal_.empty()) return {};
  const int first = fiscal_.begin()->first;
  const int last = fiscal_.rbegin()->first;
  const double days_first = fiscal_days_.at(first);
  const double days_last = fiscal_days_.at(last);
  if (days_first <= 0.0 || days_last <= 0.0) return {};
  std::string text = "Boundary flows (mean m3/d into the aquifer; negative = discharge):\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-28s %14s %14s %12s\n", "boundary",
                ("FY" + std::to_string(first)).c_str(), ("FY" + std::to_string(last)).c_str(),
                "change");
  text += line;
  for (std::size_t i = first_boundary_; i < items_.size(); ++i) {
    const double a = fiscal_.at(first)[i].actual_m3 / days_first;
    const double b = fiscal_.at(last)[i].actual_m3 / days_last;
    char change[32] = "-";  // no percentage of a flow that is (nearly) zero
    if (std::abs(a) > 1e-6) std::snprintf(change, sizeof change, "%+.1f%%", 100.0 * (b - a) / std::abs(a));
    std::snprintf(line, sizeof line, "  %-28.28s %14.6g %14.6g %12s\n", items_[i].id.c_str(), a,
                  b, change);
    text += line;
  }
  return text;
}

void AccountingWriter::commit() {
  if (!steps_file_) return;
  AtomicFile fy_file((std::filesystem::path(dir_) / "fiscal_years.csv").string());
  std::FILE* f = fy_file.stream();
  std::fputs("fiscal_year,start,end,days_simulated,partial,kind,id,owner,requested_m3,actual_m3,rejected_m3\n", f);
  for (const auto& [fy, volumes] : fiscal_) {
    const auto start = params::days_from_civil(fy, fy_start_.month, fy_start_.day);
    const auto next = params::days_from_civil(fy + 1, fy_start_.month, fy_start_.day);
    const double days = fiscal_days_[fy];
    const bool partial = days < static_cast<double>(next - start) - 1e-6;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const auto& v = volumes[i];
      std::fprintf(f, "%d,%s,%s,%.10g,%s,%s,%s,%s,%.10g,%.10g,%.10g\n", fy,
                   params::format_date(static_cast<double>(start)).c_str(),
                   params::format_date(static_cast<double>(next - 1)).c_str(), days,
                   partial ? "true" : "false", items_[i].kind.c_str(), csv_field(items_[i].id).c_str(),
                   csv_field(items_[i].owner).c_str(), v.requested_m3 + 0.0, v.actual_m3 + 0.0, v.rejected_m3 + 0.0);
    }
  }
  fy_file.commit();
  steps_file_->commit();
}

}  // namespace aquifer::output
