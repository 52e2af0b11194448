// The fast raster reader (one pass, numbers parsed in place) against the reporting reader
// (general CSV splitting): same values and positions wherever the fast one accepts a file,
// and every file it declines is one the reporting reader reads or reports.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "params/data_files.hpp"

using aquifer::params::Problems;
using aquifer::params::Raster;
namespace rd = aquifer::params::raster_detail;

namespace {

bool same_value(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

void require_same(const Raster& a, const Raster& b) {
  REQUIRE(a.blocks == b.blocks);
  REQUIRE(a.values.size() == b.values.size());
  REQUIRE(a.where.size() == b.where.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    INFO("value " << i);
    CHECK(same_value(a.values[i], b.values[i]));
    CHECK(a.where[i].file == b.where[i].file);
    CHECK(a.where[i].line == b.where[i].line);
    CHECK(a.where[i].column == b.where[i].column);
  }
}

}  // namespace

TEST_CASE("raster files: the fast reader gives what the reporting reader gives", "[params][raster]") {
  const std::vector<std::string> texts = {
      "1,2,3\n4,5,6\n",
      "1 2 3\n4\t5  6\r\n",
      "\xEF\xBB\xBF# a comment\n\n 1.5 , -2e-3,nan\n  4,5 ,6 \n",
      "inf,-inf,0\n1e300,2.5E-7,3",  // no final newline
      "   # indented comment\r\n0.1 0.2 0.3\r\n\r\n0.4 0.5 0.6\r\n",
      "-0,1e-320,7\n8,9,10\n",  // negative zero, a subnormal
  };
  for (const auto& text : texts) {
    INFO(text);
    Problems problems;
    const auto fast = rd::read_fast(text, 4, 3, 2, {1}, 2.5);
    const auto reporting = rd::read_reporting(text, 4, 3, 2, {1}, 2.5, "k", problems);
    REQUIRE(fast.has_value());
    REQUIRE(reporting.has_value());
    CHECK(problems.errors().empty());
    require_same(*fast, *reporting);
  }
  // Rows in two blocks (e.g. a head per layer); the first line of each block is the northern row.
  Problems problems;
  const std::string two = "1,2\n3,4\n5,6\n7,8\n";
  const auto fast = rd::read_fast(two, 0, 2, 2, {1, 2}, 1.0);
  const auto reporting = rd::read_reporting(two, 0, 2, 2, {1, 2}, 1.0, "head", problems);
  REQUIRE(fast.has_value());
  REQUIRE(reporting.has_value());
  require_same(*fast, *reporting);
  CHECK(fast->blocks == 2);
  CHECK(fast->values == std::vector<double>{3, 4, 1, 2, 7, 8, 5, 6});
}

TEST_CASE("raster files: what the fast reader declines", "[params][raster]") {
  SECTION("quoted values and a '+' sign: read by the reporting reader") {
    for (const std::string text : {"\"1\",2,3\n4,5,6\n", "+1,2,3\n4,5,6\n"}) {
      INFO(text);
      Problems problems;
      CHECK_FALSE(rd::read_fast(text, 0, 3, 2, {1}, 1.0).has_value());
      const auto r = rd::read_reporting(text, 0, 3, 2, {1}, 1.0, "k", problems);
      REQUIRE(r.has_value());
      CHECK(r->values == std::vector<double>{4, 5, 6, 1, 2, 3});
    }
  }
  SECTION("malformed files: reported by the reporting reader") {
    for (const std::string text : {"1,2\n4,5,6\n", "1,2,3,\n4,5,6\n", "1,,3\n4,5,6\n", "1 2 3x\n4 5 6\n",
                                   "1 2 3 # note\n4 5 6\n", "1,2,3\n4,5,6\n7,8,9\n", "1,2,3\n", "1e999,2,3\n4,5,6\n",
                                   "1.5e,2,3\n4,5,6\n", "1;2;3\n4;5;6\n"}) {
      INFO(text);
      Problems problems;
      CHECK_FALSE(rd::read_fast(text, 0, 3, 2, {1}, 1.0).has_value());
      CHECK_FALSE(rd::read_reporting(text, 0, 3, 2, {1}, 1.0, "k", problems).has_value());
      CHECK_FALSE(problems.errors().empty());
    }
  }
}
