#include "compliance/compliance_files.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "output/atomic_file.hpp"
#include "params/calendar.hpp"

namespace aquifer::compliance {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", v + 0.0);
  return text;
}

// The last day of the year / covered part (end dates are inclusive, as a regulator reads them).
std::string last_day(double end_epoch_d) { return params::format_date(end_epoch_d - 0.5); }

nlohmann::json result_json(const Result& r) {
  nlohmann::json credits = nlohmann::json::object();
  for (std::size_t k = 0; k < kCreditKinds; ++k)
    credits[params::credit_kind_name(params::all_credit_kinds[k])] = r.credits_m3[k];
  return {
      {"holder", r.holder},
      {"fiscal_year", r.fy.year},
      {"fiscal_year_start", params::format_date(r.fy.start_epoch_d + 0.5)},
      {"fiscal_year_end", last_day(r.fy.end_epoch_d)},
      {"partial", r.fy.partial()},
      {"covered_start", params::format_date(r.fy.covered_start_epoch_d + 0.5)},
      {"covered_end", last_day(r.fy.covered_end_epoch_d)},
      {"covered_days", r.fy.covered_days()},
      {"covered_fraction", r.fy.covered_fraction()},
      {"rule", r.rule},
      {"binding", r.binding},
      {"ratio", r.ratio},
      {"basis", r.basis == params::ObligationBasis::total ? "total" : "increase"},
      {"baseline_m3", r.baseline_m3},
      {"extraction_m3", r.extraction_m3},
      {"extraction_source", r.extraction_source},
      {"obligation_m3", r.obligation_m3},
      {"credits_m3", credits},
      {"flooding_rejected_m3", r.flooding_rejected_m3},
      {"credited_total_m3", r.credited_total_m3},
      {"balance_m3", r.balance_m3},
      {"status", status_name(r.status)},
      {"recharge_still_needed_m3", r.recharge_still_needed_m3},
  };
}

}  // namespace

nlohmann::json compliance_json(const std::string& scenario_name, const ProvenanceRecord& provenance,
                               const std::vector<Result>& results) {
  nlohmann::json inputs = nlohmann::json::object();
  for (const auto& f : provenance.inputs) inputs[f.path] = "sha256:" + f.sha256;
  nlohmann::json result_files = nlohmann::json::object();
  for (const auto& f : provenance.results) result_files[f.path] = "sha256:" + f.sha256;
  nlohmann::json out = {
      {"scenario", scenario_name},
      {"generated", provenance.generated_utc},
      {"provenance",
       {{"version", provenance.software_version},
        {"commit", provenance.git_commit},
        {"inputs", inputs},
        {"results", result_files}}},
      {"results", nlohmann::json::array()},
  };
  for (const auto& r : results) out["results"].push_back(result_json(r));
  return out;
}

std::string compliance_csv(const std::vector<Result>& results) {
  std::string text =
      "holder,fiscal_year,fiscal_year_start,fiscal_year_end,partial,covered_days,rule,binding,"
      "ratio,basis,baseline_m3,extraction_m3,extraction_source,obligation_m3";
  for (const auto kind : params::all_credit_kinds)
    text += std::string(",credits_") + params::credit_kind_name(kind) + "_m3";
  text += ",flooding_rejected_m3,credited_total_m3,balance_m3,status,recharge_still_needed_m3\n";
  for (const auto& r : results) {
    text += csv_field(r.holder) + "," + std::to_string(r.fy.year) + "," +
            params::format_date(r.fy.start_epoch_d + 0.5) + "," + last_day(r.fy.end_epoch_d) + "," +
            (r.fy.partial() ? "true" : "false") + "," + number(r.fy.covered_days()) + "," +
            csv_field(r.rule) + "," + (r.binding ? "true" : "false") + "," + number(r.ratio) + "," +
            (r.basis == params::ObligationBasis::total ? "total" : "increase") + "," +
            number(r.baseline_m3) + "," + number(r.extraction_m3) + "," + r.extraction_source +
            "," + number(r.obligation_m3);
    for (const double c : r.credits_m3) text += "," + number(c);
    text += "," + number(r.flooding_rejected_m3) + "," + number(r.credited_total_m3) + "," +
            number(r.balance_m3) + "," + status_name(r.status) + "," +
            number(r.recharge_still_needed_m3) + "\n";
  }
  return text;
}

void write_text_file(const std::string& dir, const std::string& name, const std::string& text) {
  output::AtomicFile file((std::filesystem::path(dir) / name).string());
  if (std::fwrite(text.data(), 1, text.size(), file.stream()) != text.size())
    throw std::runtime_error("cannot write " + file.final_path());
  file.commit();
}

void write_compliance_files(const std::string& dir, const std::string& scenario_name,
                            const ProvenanceRecord& provenance, const std::vector<Result>& results) {
  write_text_file(dir, "compliance.json",
                  compliance_json(scenario_name, provenance, results).dump(2) + "\n");
  write_text_file(dir, "compliance.csv", compliance_csv(results));
  write_text_file(dir, "provenance.json", to_json(provenance).dump(2) + "\n");
}

}  // namespace aquifer::compliance
