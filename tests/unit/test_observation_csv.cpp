// Observation CSV ingest: the real pastas files with their row counts, long and wide forms,
// time zones, units and datum offsets, data issues, and malformed files with line numbers.
#include <cmath>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "params/calendar.hpp"
#include "params/load_scenario.hpp"
#include "sensors/observation_csv.hpp"

using aquifer::params::InputError;
using namespace aquifer::sensors;

namespace {

std::string obs_path(const std::string& relative) {
  return (std::filesystem::path(AQUIFER_TEST_DATA_DIR) / "observations" / relative).string();
}

std::size_t count_nan(const ObservationSeries& s) {
  std::size_t n = 0;
  for (const double h : s.head) n += std::isnan(h) ? 1 : 0;
  return n;
}

double day(int y, int m, int d) {
  return static_cast<double>(aquifer::params::days_from_civil(y, m, d));
}

// The InputError thrown by reading `file`: its first problem.
aquifer::params::InputProblem first_problem(const std::string& file,
                                            const ObservationReadOptions& opt) {
  try {
    (void)read_observation_csv(obs_path("malformed/" + file), opt);
  } catch (const InputError& e) {
    REQUIRE(!e.problems().empty());
    return e.problems().front();
  }
  FAIL("no InputError for " << file);
  return {};
}

}  // namespace

TEST_CASE("real pastas files parse with the expected row counts", "[sensors][ingest]") {
  struct Case {
    const char* file;
    const char* column;
    std::size_t rows;
    std::size_t empty;
  };
  const Case cases[] = {{"head_nb1.csv", "head", 644, 0},
                        {"nb18_head.csv", "head", 2873, 0},
                        {"B32C0609001.csv", "B32C0609_1", 3222, 1},
                        {"head_wellex.csv", "Head", 3869, 0},
                        {"head_wellex_edit.csv", "Head", 3869, 0},
                        {"stijghoogte_onttrekking.csv", "0", 774, 70},
                        {"stijghoogte_onttrekking_edit.csv", "0", 774, 70},
                        {"rain_260.csv", "RH_260", 14697, 0},
                        {"evap_260.csv", "EV24_260", 14697, 0}};
  for (const auto& c : cases) {
    INFO(c.file);
    const ObservationSet set = read_observation_csv(obs_path(c.file));
    REQUIRE(set.series.size() == 1);
    const ObservationSeries& s = set.series.front();
    CHECK(s.well_id == c.column);  // whole-file use: the series is named after its column
    CHECK(s.t.size() == c.rows);
    CHECK(s.head.size() == c.rows);
    CHECK(count_nan(s) == c.empty);
    CHECK(s.line.front() == 2);
    CHECK(s.line.back() == static_cast<int>(c.rows) + 1);
    CHECK(set.issues.empty());
  }
}

TEST_CASE("single-series use names the series and applies unit and datum", "[sensors][ingest]") {
  ObservationReadOptions opt;
  opt.well_id = "NB1";
  opt.unit_to_m = 0.01;
  opt.datum_offset_m = 2.0;
  const ObservationSet set = read_observation_csv(obs_path("head_nb1.csv"), opt);
  REQUIRE(set.series.size() == 1);
  const auto& s = set.series.front();
  CHECK(s.well_id == "NB1");
  CHECK(s.t.front() == day(1985, 11, 14));
  CHECK(s.head.front() == Approx(27.610000000000007 * 0.01 + 2.0).epsilon(1e-14));
  const auto& b = read_observation_csv(obs_path("B32C0609001.csv"), opt).series.front();
  CHECK(std::isnan(b.head[628]));  // the empty value of line 630 is kept, as missing
  CHECK(b.line[628] == 630);
}

TEST_CASE("long form: offsets honoured, naive times in the given zone", "[sensors][ingest]") {
  ObservationReadOptions opt;
  opt.utc_offset_min = 9 * 60;  // naive times are JST
  const ObservationSet set = read_observation_csv(obs_path("good/long.csv"), opt);
  REQUIRE(set.series.size() == 2);
  const auto& p1 = set.series[0];
  const auto& p2 = set.series[1];
  CHECK(p1.well_id == "P1");
  CHECK(p2.well_id == "P2");
  REQUIRE(p1.t.size() == 3);
  const double d0 = day(2020, 1, 1);
  CHECK(p1.t[0] == Approx(d0));
  CHECK(p1.t[1] == Approx(d0 + 3.0 / 24.0));          // 12:00+09:00 = 03:00Z
  CHECK(p1.t[2] == Approx(d0 + 1.0 + 1.5 / 24.0));    // 00:00-01:30 = 01:30Z
  REQUIRE(p2.t.size() == 2);
  CHECK(p2.t[0] == Approx(d0));                       // 09:00 naive JST = 00:00Z
  CHECK(p2.t[1] == Approx(d0 + 1.0 - 9.0 / 24.0));    // date only: local midnight
  CHECK(std::isnan(p2.head[1]));
  CHECK(p2.line[1] == 5);
  CHECK(set.issues.empty());
  opt.well_id = "P2";  // single series from a long file
  const auto one = read_observation_csv(obs_path("good/long.csv"), opt);
  REQUIRE(one.series.size() == 1);
  CHECK(one.series[0].head[0] == 20.5);
}

TEST_CASE("wide form with spaces in the header, cm, empty cells", "[sensors][ingest]") {
  ObservationReadOptions opt;
  opt.unit_to_m = 0.01;
  const ObservationSet set = read_observation_csv(obs_path("good/wide_cm.csv"), opt);
  REQUIRE(set.series.size() == 2);
  CHECK(set.series[0].well_id == "P1");
  CHECK(set.series[1].well_id == "P2");
  REQUIRE(set.series[0].t.size() == 3);  // the blank line holds no reading
  CHECK(set.series[0].head[0] == Approx(1.0));
  CHECK(std::isnan(set.series[0].head[2]));
  CHECK(set.series[0].line[2] == 5);
  CHECK(set.series[1].head[2] == Approx(2.1));
  opt.wells = {"P2"};
  CHECK(read_observation_csv(obs_path("good/wide_cm.csv"), opt).series.size() == 1);
}

TEST_CASE("reference-level changes switch the datum offset at their date", "[sensors][ingest]") {
  ObservationReadOptions opt;
  opt.datum_offset_m = 1.0;
  opt.reference_changes = {{day(2020, 1, 2), 3.0}};
  const auto s = parse_observation_csv("date,h\n2020-01-01,0.5\n2020-01-02,0.5\n", "x.csv", opt)
                     .series.front();
  CHECK(s.head[0] == 1.5);
  CHECK(s.head[1] == 3.5);
}

TEST_CASE("non-ISO dates with time_format", "[sensors][ingest]") {
  ObservationReadOptions opt;
  opt.time_format = "%d/%m/%Y %H:%M";
  const auto s =
      parse_observation_csv("time,h\n31/12/2019 23:30,1\n1/1/2020 6:00,2\n", "x.csv", opt)
          .series.front();
  CHECK(s.t[0] == Approx(day(2019, 12, 31) + 23.5 / 24.0));
  CHECK(s.t[1] == Approx(day(2020, 1, 1) + 0.25));
}

TEST_CASE("data issues are reported with lines and kept, not dropped", "[sensors][ingest]") {
  const std::string text =
      "date,head\n2020-01-01,1\n2020-01-02,x\n2020-01-02,2\n2020-01-01,3\n2020-13-01,4\n"
      "2020-01-05,5,6\n2020-01-06,-5000\n";
  const auto set = parse_observation_csv(text, "d.csv");
  const auto& s = set.series.front();
  CHECK(s.t.size() == 5);  // the row without a readable time and the 3-field row are out
  CHECK(std::isnan(s.head[1]));
  auto has = [&](const std::string& kind, int line) {
    for (const auto& i : set.issues) {
      if (i.kind == kind && i.line == line) return true;
    }
    return false;
  };
  CHECK(has("unparsable", 3));
  CHECK(has("duplicate_time", 4));
  CHECK(has("out_of_order", 5));
  CHECK(has("duplicate_time", 5));  // 2020-01-01 again (line 2)
  CHECK(has("unparsable_time", 6));
  CHECK(has("field_count", 7));
  CHECK(has("out_of_range", 8));
  CHECK(set.issues.size() == 7);
}

TEST_CASE("malformed files: InputError at file:line:col", "[sensors][ingest][errors]") {
  struct Case {
    const char* file;
    int line;
    const char* fragment;
    bool strict;
  };
  const Case cases[] = {
      {"empty.csv", 1, "empty", false},
      {"no_time_column.csv", 1, "no time column", false},
      {"unnamed_value_column.csv", 1, "column 2 of the header has no name", false},
      {"duplicate_column.csv", 1, "appears twice", false},
      {"long_no_head.csv", 1, "no head column", false},
      {"bad_time.csv", 3, "2020-13-01", true},
      {"bad_value.csv", 4, "\"abc\" is not a number", true},
      {"field_count.csv", 3, "has 3 fields", true},
      {"duplicate_time.csv", 4, "the same time as line 3", true},
      {"out_of_order.csv", 4, "earlier than the reading before", true},
      {"out_of_range.csv", 3, "outside the plausible range", true},
      {"blank_before_header.csv", 2, "blank lines before the header", false},
      {"semicolon.csv", 1, "no time column", false},
      {"wrong_time_format.csv", 3, "does not match the time format", true},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    ObservationReadOptions opt;
    opt.strict = c.strict;
    if (std::string(c.file) == "wrong_time_format.csv") opt.time_format = "%d/%m/%Y";
    const auto p = first_problem(c.file, opt);
    CHECK(p.file == obs_path(std::string("malformed/") + c.file));
    CHECK(p.line == c.line);
    CHECK_THAT(p.message, Catch::Contains(c.fragment));
  }
  ObservationReadOptions pick;
  pick.well_id = "X";
  CHECK_THAT(first_problem("two_columns.csv", pick).message,
             Catch::Contains("expected `column = ...`"));
  pick.column = "C";
  CHECK_THAT(first_problem("two_columns.csv", pick).message, Catch::Contains("no column \"C\""));
  pick.column = "";
  CHECK_THAT(first_problem("long_unknown_well.csv", pick).message,
             Catch::Contains("well \"X\" has no rows"));
  ObservationReadOptions bad_format;
  bad_format.time_format = "%d/%q";
  CHECK_THROWS_AS(parse_observation_csv("date,h\n", "f.csv", bad_format), InputError);
  CHECK_THROWS_AS(read_observation_csv(obs_path("malformed/does_not_exist.csv")), InputError);
}

TEST_CASE("large files (read by two threads) keep line numbers and order", "[sensors][ingest]") {
  std::string text = "time,A,B\n";
  const int rows = 1'300'000;  // ~40 MB: over the two-thread threshold
  text.reserve(static_cast<std::size_t>(rows) * 32);
  char buf[64];
  for (int i = 0; i < rows; ++i) {
    const auto d = aquifer::params::civil_from_days(i / 24);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:00,%d.5,%s\n", d.year, d.month, d.day,
                  i % 24, i % 1000, i == rows - 10 ? "x" : "1.25");
    text += buf;
  }
  const auto set = parse_observation_csv(text, "big.csv");
  REQUIRE(set.series.size() == 2);
  const auto& a = set.series[0];
  REQUIRE(a.t.size() == static_cast<std::size_t>(rows));
  bool ordered = true;
  for (int i = 0; i < rows; ++i) {
    ordered = ordered && a.line[i] == i + 2 && a.t[i] == Approx(i / 24.0);
  }
  CHECK(ordered);
  REQUIRE(set.issues.size() == 1);
  CHECK(set.issues[0].line == rows - 10 + 2);
  CHECK(set.issues[0].kind == "unparsable");
}
