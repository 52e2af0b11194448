#include "compliance/report_html.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "params/calendar.hpp"

namespace aquifer::compliance {

namespace {

const char* kStyle = R"(
:root{--ok:#1a7f37;--bad:#b42318;--warn:#9a6700;--ink:#1f2328;--mute:#57606a}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans JP",sans-serif;color:var(--ink);
margin:0 auto;max-width:1000px;padding:12px;line-height:1.45;font-size:15px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #d0d7de;margin-top:1.6em}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:right;vertical-align:top}
th{background:#f6f8fa}td.t,th.t{text-align:left}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.s-compliant,.s-effort_met{background:#dafbe1;color:var(--ok)}
.s-shortfall{background:#ffebe9;color:var(--bad)}.s-effort_not_met{background:#fff8c5;color:var(--warn)}
.chart{width:100%;height:auto;max-width:760px;display:block}
.map{max-width:600px}
.note{color:var(--mute);font-size:.88em}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dl.kv dt{font-weight:600}dl.kv dd{margin:0}
code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
@media (max-width:600px){body{font-size:14px;padding:6px}th,td{padding:3px 4px}}
@media print{body{max-width:none;font-size:11pt}.wrap{overflow:visible}
section{break-inside:avoid-page}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)";

std::string esc(std::string_view s) { return html_escape(s); }

std::string number(const char* format, double v) {
  char text[64];
  std::snprintf(text, sizeof text, format, v);
  return text;
}

const char* status_text(Status s) {
  switch (s) {
    case Status::compliant: return "&#10003; compliant";
    case Status::shortfall: return "&#10007; shortfall";
    case Status::effort_met: return "&#10003; effort met";
    case Status::effort_not_met: return "&#9888; effort not met";
  }
  return "";
}

std::string summary_section(const params::LoadedScenario& s, const std::vector<Result>& results) {
  const auto& m = s.model;
  const double end_epoch = s.start_epoch_d + m.time.end_d;
  std::string html = "<section id=\"summary\"><h2>Scenario</h2><dl class=\"kv\">";
  auto row = [&](const std::string& k, const std::string& v) {
    html += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>";
  };
  row("Name", m.name);
  row("Scenario file", s.scenario_path);
  row("Simulated period", params::format_date(s.start_epoch_d, s.utc_offset_min) + " to " +
                              params::format_date(end_epoch - 0.5, s.utc_offset_min) + " (" +
                              number("%.6g", m.time.end_d) + " days)");
  row("Grid", std::to_string(m.grid.nx) + " x " + std::to_string(m.grid.ny) + " cells x " +
                  std::to_string(m.grid.nlay) + " layers");
  row("Wells / flooding areas", std::to_string(m.wells.size()) + " / " + std::to_string(m.flooding.size()));
  row("Permits", std::to_string(s.compliance.permits.size()));
  row("Fiscal year starts", number("%02.0f", s.fiscal_year_start_month) + "-" +
                                number("%02.0f", s.fiscal_year_start_day));
  std::size_t failing = 0;
  for (const auto& r : results) failing += r.status == Status::shortfall;
  row("Binding shortfalls", std::to_string(failing) + " of " + std::to_string(results.size()) +
                                " holder-years");
  return html + "</dl></section>";
}

std::string credits_cell(const Result& r) {
  std::string html;
  for (std::size_t k = 0; k < kCreditKinds; ++k) {
    if (r.credits_m3[k] == 0.0) continue;
    html += std::string(params::credit_kind_name(params::all_credit_kinds[k])) + " " +
            format_m3(r.credits_m3[k]) + "<br>";
  }
  if (r.flooding_rejected_m3 > 0.5)
    html += "<span class=\"note\">rejected flooding (not credited) " +
            format_m3(r.flooding_rejected_m3) + "</span>";
  return html.empty() ? "none" : html;
}

std::string compliance_section(const std::vector<Result>& results) {
  std::string html = "<section id=\"compliance\"><h2>Recharge obligation per holder and fiscal year</h2>";
  if (results.empty()) return html + "<p>No [[permits]] in this scenario: no obligation to check.</p></section>";
  html += "<div class=\"wrap\"><table><thead><tr><th class=\"t\">Holder</th><th class=\"t\">Fiscal year</th>"
          "<th class=\"t\">Rule</th><th>Extraction m3</th><th>Obligation m3</th><th class=\"t\">Credits m3</th>"
          "<th>Credited m3</th><th>Balance m3</th><th class=\"t\">Status</th><th>Still needed m3</th></tr></thead><tbody>";
  for (const auto& r : results) {
    const std::string status = status_name(r.status);
    html += "<tr><td class=\"t\">" + esc(r.holder) + "</td><td class=\"t\">FY" + std::to_string(r.fy.year) +
            (r.fy.partial() ? "<br><span class=\"note\">partial: " + number("%.0f", r.fy.covered_days()) +
                                  " of " + number("%.0f", r.fy.days()) + " days</span>"
                            : "") +
            "</td><td class=\"t\">" + esc(r.rule) + "<br><span class=\"note\">" +
            number("%g", 100.0 * r.ratio) + "% of " +
            (r.basis == params::ObligationBasis::total ? "total" : "increase over " + format_m3(r.baseline_m3)) +
            ", " + (r.binding ? "binding" : "effort") + "</span></td><td>" + format_m3(r.extraction_m3) +
            "<br><span class=\"note\">" + r.extraction_source + "</span></td><td>" + format_m3(r.obligation_m3) +
            "</td><td class=\"t\">" + credits_cell(r) + "</td><td>" + format_m3(r.credited_total_m3) +
            "</td><td>" + format_m3(r.balance_m3) + "</td><td class=\"t\"><span class=\"status s-" + status +
            "\">" + status_text(r.status) + "</span></td><td>" + format_m3(r.recharge_still_needed_m3) +
            "</td></tr>";
  }
  html += "</tbody></table></div><p class=\"note\">Status: compliant / shortfall for binding rules; "
          "effort met / effort not met for effort obligations (reported, not a violation). Balance = "
          "credited - obligation. Rejected flooding water (the water table was at the surface) is "
          "never credited.</p>";
  return html + "<h3>Obligation and credits</h3>" + obligation_chart_svg(results) + "</section>";
}

std::string budget_section(const RunResults& run) {
  std::string html = "<section id=\"budget\"><h2>Water budget over the run</h2>";
  if (run.budget.empty()) return html + "<p>No transient steps: no budget to sum.</p></section>";
  html += "<div class=\"wrap\"><table><thead><tr><th class=\"t\">Component</th><th>In m3</th><th>Out m3</th>"
          "<th>Net in m3</th><th>Mean net m3/d</th></tr></thead><tbody>";
  double total_in = 0, total_out = 0;
  for (const auto& b : run.budget) {
    const bool rejected = b.component == "flooding_rejected";
    if (!rejected) total_in += b.in_m3, total_out += b.out_m3;
    const double net = b.in_m3 - b.out_m3;
    html += "<tr><td class=\"t\">" + esc(rejected ? "flooding rejected (not recharge)" : b.component) +
            "</td><td>" + format_m3(b.in_m3) + "</td><td>" + format_m3(b.out_m3) + "</td><td>" +
            (rejected ? "-" : format_m3(net)) + "</td><td>" +
            (rejected || run.budget_days <= 0 ? "-" : format_m3(net / run.budget_days)) + "</td></tr>";
  }
  html += "<tr><th class=\"t\">Total</th><th>" + format_m3(total_in) + "</th><th>" + format_m3(total_out) +
          "</th><th>" + format_m3(total_in - total_out) + "</th><th></th></tr></tbody></table></div>";
  return html + "<p class=\"note\">Volumes are the budget.csv rates times each step's length, over " +
         number("%.6g", run.budget_days) + " days.</p></section>";
}

std::string map_section(const ReportInputs& in) {
  std::string html = "<section id=\"heads\"><h2>Head map</h2>";
  if (!in.run->heads) return html + "<p>No heads.h5 in the results ([output] hdf5 = false): no map.</p></section>";
  html += head_map_svg(*in.run->heads);
  return html + "<p class=\"note\">Top layer, last output time (t = " + number("%.6g", in.run->heads->time_d) +
         " d), block means of at most 60 x 60 cells; grey = inactive or dry.</p></section>";
}

std::string hydrographs_section(const ReportInputs& in) {
  std::string html = "<section id=\"hydrographs\"><h2>Observation wells</h2>";
  if (in.hydrographs.empty()) return html + "<p>No observation wells in this scenario.</p></section>";
  std::string anomalies;
  for (const auto& g : in.hydrographs) {
    html += "<h3>" + esc(g.well_id) + "</h3>" + hydrograph_svg(g);
    for (const auto& a : g.anomalies)
      anomalies += "<tr><td class=\"t\">" + esc(g.well_id) + "</td><td class=\"t\">" + esc(a.kind) +
                   "</td><td class=\"t\">" + esc(a.severity) + "</td><td>" + number("%.6g", a.start_t_d) +
                   "</td><td>" + number("%.6g", a.end_t_d) + "</td></tr>";
  }
  html += "<h3>Anomalies</h3>";
  if (anomalies.empty()) return html + "<p>No anomalies flagged.</p></section>";
  return html + "<div class=\"wrap\"><table><thead><tr><th class=\"t\">Well</th><th class=\"t\">Kind</th>"
                "<th class=\"t\">Severity</th><th>Start d</th><th>End d</th></tr></thead><tbody>" +
         anomalies + "</tbody></table></div></section>";
}

std::string files_table(const std::vector<HashedFile>& files) {
  std::string html = "<div class=\"wrap\"><table><thead><tr><th class=\"t\">File</th><th class=\"t\">SHA-256</th>"
                     "</tr></thead><tbody>";
  for (const auto& f : files)
    html += "<tr><td class=\"t\"><code>" + esc(f.path) + "</code></td><td class=\"t hash\">" + esc(f.sha256) + "</td></tr>";
  return html + "</tbody></table></div>";
}

std::string provenance_section(const ProvenanceRecord& p) {
  std::string json = to_json(p).dump(1);
  std::string safe;  // "<" only occurs inside JSON strings, where \u003c is the same character
  for (const char c : json) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return "<section id=\"provenance\"><h2>Provenance</h2><dl class=\"kv\"><dt>Software</dt><dd>aquifer " +
         esc(p.software_version) + " (commit <code>" + esc(p.git_commit) + "</code>)</dd><dt>Generated</dt><dd>" +
         esc(p.generated_utc) + "</dd></dl><h3>Inputs</h3>" + files_table(p.inputs) +
         "<h3>Results the verdict was computed from</h3>" + files_table(p.results) +
         "<p class=\"note\">Check that the files on disk are these with <code>aquifer verify-report DIR</code>.</p>"
         "<script type=\"application/json\" id=\"" + std::string(kProvenanceElementId) + "\">" + safe +
         "</script></section>";
}

}  // namespace

std::string render_report(const ReportInputs& in) {
  const auto& s = *in.scenario;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" + esc(s.model.name) + " - aquifer report</title><style>" + kStyle + "</style></head><body>"
      "<header><h1>" + esc(s.model.name) + "</h1><p class=\"note\">Recharge-obligation compliance and "
      "groundwater report, generated " + esc(in.provenance->generated_utc) + " by aquifer " +
      esc(in.provenance->software_version) + "</p></header>";
  html += summary_section(s, *in.compliance);
  html += compliance_section(*in.compliance);
  html += budget_section(*in.run);
  html += map_section(in);
  html += hydrographs_section(in);
  html += provenance_section(*in.provenance);
  return html + "</body></html>\n";
}

std::string embedded_provenance(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"" + std::string(kProvenanceElementId) + "\">";
  const auto a = html.find(open);
  if (a == std::string::npos) throw std::runtime_error("no embedded provenance record");
  const auto b = html.find("</script>", a);
  if (b == std::string::npos) throw std::runtime_error("the embedded provenance record is not closed");
  return html.substr(a + open.size(), b - a - open.size());
}

}  // namespace aquifer::compliance
