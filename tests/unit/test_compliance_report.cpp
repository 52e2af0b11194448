// report.html building blocks: escaping, number format, charts, and the hydrograph section that
// the monitoring modules feed (compliance::HydrographSeries).
#include <catch2/catch.hpp>

#include "compliance/report_svg.hpp"

namespace aq = aquifer::compliance;

TEST_CASE("html_escape escapes every markup character", "[compliance][report]") {
  CHECK(aq::html_escape("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(aq::html_escape("Kumamoto 熊本") == "Kumamoto 熊本");
}

TEST_CASE("format_m3 rounds and groups thousands", "[compliance][report]") {
  CHECK(aq::format_m3(2737500.4) == "2,737,500");
  CHECK(aq::format_m3(-625500.0) == "-625,500");
  CHECK(aq::format_m3(999.6) == "1,000");
  CHECK(aq::format_m3(0.0) == "0");
}

TEST_CASE("hydrograph: anomalies, warning level and an escaped well id", "[compliance][report]") {
  aq::HydrographSeries g;
  g.well_id = "OW<1>";
  g.observed_t_d = {0, 1, 2};
  g.observed_head_m = {10.0, 10.5, std::nan("")};
  g.simulated_t_d = {0, 2};
  g.simulated_head_m = {10.2, 10.1};
  g.anomalies.push_back({1.0, 1.5, "spike", "alarm"});
  g.warning_level_m = 9.5;
  const std::string svg = aq::hydrograph_svg(g);
  CHECK(svg.find("OW&lt;1&gt;") != std::string::npos);
  CHECK(svg.find("OW<1>") == std::string::npos);
  CHECK(svg.find("<title>spike (alarm)</title>") != std::string::npos);
  CHECK(svg.find("stroke-dasharray") != std::string::npos);  // the warning level
  CHECK(svg.find("<circle") != std::string::npos);
  aq::HydrographSeries empty;
  empty.well_id = "X";
  CHECK(aq::hydrograph_svg(empty).find("no data") != std::string::npos);
}

TEST_CASE("head map: north up, inactive cells left grey", "[compliance][report]") {
  aq::HeadMap m;
  m.nx = 2;
  m.ny = 2;
  m.head_m = {1.0, std::nan(""), 2.0, 3.0};  // row 0 = south
  const std::string svg = aq::head_map_svg(m);
  CHECK(svg.find("3.00 m") != std::string::npos);
  CHECK(svg.find("1.00 m") != std::string::npos);
  // Three coloured cells + the grey background + ten colour-bar boxes.
  std::size_t rects = 0;
  for (auto p = svg.find("<rect"); p != std::string::npos; p = svg.find("<rect", p + 1)) ++rects;
  CHECK(rects == 14);
}
