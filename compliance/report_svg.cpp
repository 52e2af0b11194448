#include "compliance/report_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace aquifer::compliance {

namespace {

std::string fmt(const char* format, double a) {
  char text[64];
  std::snprintf(text, sizeof text, format, a);
  return text;
}

std::string px(double v) { return fmt("%.1f", v); }

// Colours of the credit kinds (params::all_credit_kinds order); colour-blind-safe (Okabe-Ito).
constexpr std::array<const char*, kCreditKinds> kCreditColours = {
    "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#999999"};

// Viridis-like ramp, t in [0, 1].
std::string ramp(double t) {
  static constexpr std::array<std::array<double, 3>, 5> stops = {{
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - static_cast<double>(i);
  char text[16];
  std::snprintf(text, sizeof text, "#%02x%02x%02x",
                static_cast<int>(std::lround(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]))),
                static_cast<int>(std::lround(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]))),
                static_cast<int>(std::lround(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]))));
  return text;
}

std::string text_at(double x, double y, std::string_view text, const char* anchor = "start",
                    const char* extra = "") {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + html_escape(text) + "</text>";
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 std::string_view title = {}) {
  std::string s = "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(w, 0.0)) +
                  "\" height=\"" + px(h) + "\" fill=\"" + fill + "\"";
  if (title.empty()) return s + "/>";
  return s + "><title>" + html_escape(title) + "</title></rect>";
}

// At most `max_chars` characters (UTF-8 aware), with an ellipsis when cut.
std::string shorten(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (++chars > max_chars) return text.substr(0, i) + "\u2026";
  }
  return text;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_m3(double value) {
  if (!std::isfinite(value)) return "-";
  const long long v = std::llround(value);
  std::string digits = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return (v < 0 ? "-" : "") + digits;
}

std::string obligation_chart_svg(const std::vector<Result>& results) {
  const double label_w = 210, bar_w = 470, row_h = 46, top = 30;
  double max_v = 1.0;
  for (const auto& r : results) max_v = std::max({max_v, r.obligation_m3, r.credited_total_m3});
  const double height = top + row_h * results.size() + 30;
  std::string s = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + px(label_w + bar_w + 20) +
                  " " + px(height) + "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Obligation "
                  "and credited recharge per holder and fiscal year (m3)</title>";
  for (int i = 0; i <= 4; ++i) {
    const double x = label_w + bar_w * i / 4.0;
    s += "<line x1=\"" + px(x) + "\" y1=\"" + px(top - 6) + "\" x2=\"" + px(x) + "\" y2=\"" +
         px(height - 24) + "\" stroke=\"#ccc\"/>";
    s += text_at(x, top - 10, format_m3(max_v * i / 4.0), i == 4 ? "end" : i == 0 ? "start" : "middle",
                 " font-size=\"11\"");
  }
  for (std::size_t n = 0; n < results.size(); ++n) {
    const auto& r = results[n];
    const double y = top + row_h * n;
    s += "<g><title>" + html_escape(r.holder) + "</title>" +
         text_at(4, y + 18, shorten(r.holder, 28), "start", " font-size=\"12\"") + "</g>";
    s += text_at(4, y + 33, "FY" + std::to_string(r.fy.year) + (r.fy.partial() ? " (partial)" : ""),
                 "start", " font-size=\"11\" fill=\"#555\"");
    s += rect(label_w, y + 6, bar_w * r.obligation_m3 / max_v, 14, "#444",
              "obligation " + format_m3(r.obligation_m3) + " m3");
    double x = label_w;
    for (std::size_t k = 0; k < kCreditKinds; ++k) {
      const double w = bar_w * r.credits_m3[k] / max_v;
      if (w <= 0) continue;
      s += rect(x, y + 22, w, 14, kCreditColours[k],
                std::string(params::credit_kind_name(params::all_credit_kinds[k])) + " " +
                    format_m3(r.credits_m3[k]) + " m3");
      x += w;
    }
  }
  double lx = 4;
  const double ly = height - 10;
  s += rect(lx, ly - 9, 10, 10, "#444") + text_at(lx + 14, ly, "obligation", "start", " font-size=\"11\"");
  lx += 90;
  for (std::size_t k = 0; k < kCreditKinds; ++k) {
    const std::string name = params::credit_kind_name(params::all_credit_kinds[k]);
    s += rect(lx, ly - 9, 10, 10, kCreditColours[k]) + text_at(lx + 14, ly, name, "start", " font-size=\"11\"");
    lx += 24 + 6.2 * name.size();
  }
  return s + "</svg>";
}

std::string head_map_svg(const HeadMap& m) {
  double lo = INFINITY, hi = -INFINITY;
  for (const double h : m.head_m)
    if (std::isfinite(h)) lo = std::min(lo, h), hi = std::max(hi, h);
  if (!(hi >= lo)) return "<p>No active cell has a head.</p>";
  const double span = hi > lo ? hi - lo : 1.0;
  const double cell = 480.0 / std::max(m.nx, m.ny);
  const double w = cell * m.nx, h = cell * m.ny;
  std::string s = "<svg class=\"chart map\" role=\"img\" viewBox=\"0 0 " + px(w + 90) + " " + px(h + 30) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\"><title>Head in the top layer at t = " +
                  fmt("%.6g", m.time_d) + " d (north up)</title>";
  s += rect(0, 0, w, h, "#eee");
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) {
      const double v = m.head_m[static_cast<std::size_t>(j) * m.nx + i];
      if (!std::isfinite(v)) continue;
      // Row 0 is the southern row: draw it at the bottom. Slight overlap hides seams.
      s += rect(i * cell, (m.ny - 1 - j) * cell, cell + 0.3, cell + 0.3, ramp((v - lo) / span));
    }
  for (int k = 0; k < 10; ++k)
    s += rect(w + 12, h * (9 - k) / 10.0, 18, h / 10.0 + 0.3, ramp((k + 0.5) / 10.0));
  s += text_at(w + 34, 10, fmt("%.2f m", hi), "start", " font-size=\"11\"");
  s += text_at(w + 34, h, fmt("%.2f m", lo), "start", " font-size=\"11\"");
  s += text_at(0, h + 20, "x " + fmt("%.0f", m.x_min_m) + " .. " + fmt("%.0f m", m.x_max_m) +
                              ", y " + fmt("%.0f", m.y_min_m) + " .. " + fmt("%.0f m", m.y_max_m),
               "start", " font-size=\"11\"");
  return s + "</svg>";
}

std::string hydrograph_svg(const HydrographSeries& g) {
  std::vector<double> all_t = g.observed_t_d, all_h = g.observed_head_m;
  all_t.insert(all_t.end(), g.simulated_t_d.begin(), g.simulated_t_d.end());
  all_h.insert(all_h.end(), g.simulated_head_m.begin(), g.simulated_head_m.end());
  if (std::isfinite(g.warning_level_m)) all_h.push_back(g.warning_level_m);
  double t0 = INFINITY, t1 = -INFINITY, h0 = INFINITY, h1 = -INFINITY;
  for (const double t : all_t) if (std::isfinite(t)) t0 = std::min(t0, t), t1 = std::max(t1, t);
  for (const double h : all_h) if (std::isfinite(h)) h0 = std::min(h0, h), h1 = std::max(h1, h);
  if (!(t1 > t0) || !(h1 >= h0)) return "<p>" + html_escape(g.well_id) + ": no data to plot.</p>";
  if (h1 == h0) h0 -= 0.5, h1 += 0.5;
  const double W = 640, H = 200, L = 50;
  auto X = [&](double t) { return L + (W - L - 10) * (t - t0) / (t1 - t0); };
  auto Y = [&](double h) { return 10 + (H - 40) * (h1 - h) / (h1 - h0); };
  std::string s = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + px(W) + " " + px(H) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + html_escape(g.well_id) +
                  ": observed and simulated head</title>";
  for (const auto& a : g.anomalies)
    s += rect(X(a.start_t_d), 10, std::max(2.0, X(a.end_t_d) - X(a.start_t_d)), H - 40,
              a.severity == "alarm" ? "#f4a3a3" : "#f6d58e", a.kind + " (" + a.severity + ")");
  if (std::isfinite(g.warning_level_m))
    s += "<line x1=\"" + px(L) + "\" x2=\"" + px(W - 10) + "\" y1=\"" + px(Y(g.warning_level_m)) +
         "\" y2=\"" + px(Y(g.warning_level_m)) + "\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>";
  std::string line;
  for (std::size_t i = 0; i < g.simulated_t_d.size() && i < g.simulated_head_m.size(); ++i)
    if (std::isfinite(g.simulated_head_m[i])) line += px(X(g.simulated_t_d[i])) + "," + px(Y(g.simulated_head_m[i])) + " ";
  s += "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\" points=\"" + line + "\"/>";
  for (std::size_t i = 0; i < g.observed_t_d.size() && i < g.observed_head_m.size(); ++i)
    if (std::isfinite(g.observed_head_m[i]))
      s += "<circle cx=\"" + px(X(g.observed_t_d[i])) + "\" cy=\"" + px(Y(g.observed_head_m[i])) +
           "\" r=\"1.8\" fill=\"#222\"/>";
  s += text_at(L - 4, 16, fmt("%.2f", h1), "end", " font-size=\"10\"");
  s += text_at(L - 4, H - 30, fmt("%.2f", h0), "end", " font-size=\"10\"");
  s += text_at(L, H - 12, fmt("day %.0f", t0), "start", " font-size=\"10\"");
  s += text_at(W - 10, H - 12, fmt("day %.0f", t1), "end", " font-size=\"10\"");
  return s + "</svg>";
}

}  // namespace aquifer::compliance
