// Units and calendar times of params/.
#include <catch2/catch.hpp>

#include "params/calendar.hpp"
#include "params/units.hpp"

using namespace aquifer::params;

namespace {
double q(const char* text, QuantityKind kind) {
  std::string why;
  const auto v = parse_quantity(text, kind, &why);
  INFO(text << ": " << why);
  REQUIRE(v.has_value());
  return *v;
}
std::string error_of(const char* text, QuantityKind kind) {
  std::string why;
  CHECK_FALSE(parse_quantity(text, kind, &why).has_value());
  return why;
}
}  // namespace

TEST_CASE("units convert to m and d", "[params][units]") {
  CHECK(q("64 mm/d", QuantityKind::recharge_rate) == Approx(0.064));
  CHECK(q("1e-4 m/s", QuantityKind::conductivity) == Approx(8.64));
  CHECK(q("65.8 ha", QuantityKind::area) == Approx(658000.0));
  CHECK(q("7500 t/d", QuantityKind::pumping_rate) == Approx(7500.0));
  CHECK(q("8e6 m3/yr", QuantityKind::pumping_rate) == Approx(8e6 / 365.25));
  CHECK(q("12 h", QuantityKind::duration) == Approx(0.5));
  CHECK(q("30 min", QuantityKind::duration) == Approx(1.0 / 48.0));
  CHECK(q("-10 L/s", QuantityKind::pumping_rate) == Approx(-864.0));
  CHECK(q("5000 m2/d", QuantityKind::conductance) == Approx(5000.0));
  CHECK(q("0.5 1/d", QuantityKind::leakance) == Approx(0.5));
  CHECK(q("1e-5 1/m", QuantityKind::specific_storage) == Approx(1e-5));
  CHECK(q("6 cm/d", QuantityKind::recharge_rate) == Approx(0.06));
  CHECK(q("2 km", QuantityKind::length) == Approx(2000.0));
  CHECK(q("1 km2", QuantityKind::area) == Approx(1e6));
  CHECK(q("3 m^3/d", QuantityKind::pumping_rate) == Approx(3.0));
  CHECK(q("1 m*s^-1", QuantityKind::conductivity) == Approx(86400.0));
  CHECK(q("2mm/d", QuantityKind::recharge_rate) == Approx(0.002));  // no space
  CHECK(q("42", QuantityKind::length) == Approx(42.0));              // canonical
  CHECK(q("+1.5 d", QuantityKind::duration) == Approx(1.5));
}

TEST_CASE("parse_unit tracks the dimension", "[params][units]") {
  const auto u = parse_unit("m3/d");
  REQUIRE(u);
  CHECK(u->dimension == Dimension{3, -1});
  CHECK(parse_unit("1/m")->dimension == Dimension{-1, 0});
  CHECK(parse_unit("m2/d")->dimension == Dimension{2, -1});
  CHECK(parse_unit("-")->dimension == Dimension{0, 0});
  CHECK(describe({1, -1}) == "length/time");
  CHECK(parse_unit("m/d/d")->dimension == Dimension{1, -2});
}

TEST_CASE("wrong dimensions and unknown units are errors naming what was expected",
          "[params][units]") {
  CHECK_THAT(error_of("30 m", QuantityKind::conductivity),
             Catch::Contains("expected a hydraulic conductivity like \"30 m/d\" (length/time)") &&
                 Catch::Contains("is of dimension length"));
  CHECK_THAT(error_of("7500 m3", QuantityKind::pumping_rate),
             Catch::Contains("a pumping rate like \"-7500 m3/d\" (volume/time)"));
  CHECK_THAT(error_of("2 furlongs/d", QuantityKind::recharge_rate),
             Catch::Contains("unknown unit \"furlongs\""));
  CHECK_THAT(error_of("abc m", QuantityKind::length), Catch::Contains("is not a number"));
  CHECK_THAT(error_of("1 d", QuantityKind::length), Catch::Contains("expected a length"));
  CHECK_THAT(error_of("5 m/", QuantityKind::conductivity), Catch::Contains("empty unit part"));
  std::string why;
  CHECK_FALSE(unit_factor("m/s", QuantityKind::length, &why));
  CHECK(unit_factor("m/s", QuantityKind::conductivity).value() == Approx(86400.0));
}

TEST_CASE("calendar: dates and date-times to days since 1970 and back", "[params][calendar]") {
  CHECK(parse_iso8601("1970-01-01")->epoch_d == 0.0);
  CHECK(parse_iso8601("1970-01-02")->epoch_d == 1.0);
  CHECK(parse_iso8601("2020-04-01")->epoch_d == Approx(18353.0));
  CHECK(parse_iso8601("2020-04-01")->date_only);
  CHECK_FALSE(parse_iso8601("2020-04-01T00:00")->date_only);
  CHECK(parse_iso8601("2020-04-01T06:00:00")->epoch_d == Approx(18353.25));
  CHECK(parse_iso8601("2020-04-01 18:00")->epoch_d == Approx(18353.75));
  CHECK(parse_iso8601("1969-12-31T12:00:00Z")->epoch_d == Approx(-0.5));
  CHECK(parse_iso8601("2000-02-29")->epoch_d == Approx(11016.0));  // leap year
  CHECK(parse_iso8601("2020-04-01T12:00:00.5")->epoch_d == Approx(18353.5 + 0.5 / 86400.0));

  for (const char* text : {"2020-04-01T00:00:00", "1999-12-31T23:59:59", "2024-02-29T12:34:56",
                           "1900-03-01T00:00:01", "2100-01-01T00:00:00"}) {
    CHECK(format_iso8601(parse_iso8601(text)->epoch_d) == text);
  }
  CHECK(format_date(parse_iso8601("2030-03-31T23:59:59")->epoch_d) == "2030-03-31");
  CHECK(format_date(18353.0 - 1e-9) == "2020-04-01");  // rounds to the nearest second first
  CHECK(format_iso8601(18353.999999999) == "2020-04-02T00:00:00");
  CHECK(civil_from_days(days_from_civil(1600, 2, 29)).day == 29);
}

TEST_CASE("calendar: UTC offsets", "[params][calendar]") {
  const double utc = parse_iso8601("2020-04-01T00:00:00Z")->epoch_d;
  CHECK(parse_iso8601("2020-04-01T09:00:00+09:00")->epoch_d == Approx(utc));
  CHECK(parse_iso8601("2020-04-01T09:00+0900")->epoch_d == Approx(utc));
  CHECK(parse_iso8601("2020-03-31T19:00-05:00")->epoch_d == Approx(utc));
  CHECK(parse_iso8601("2020-04-01T09:00:00+09:00")->has_offset);
  // Naive times use the default offset; explicit offsets win.
  CHECK(parse_iso8601("2020-04-01T09:00", 540)->epoch_d == Approx(utc));
  CHECK(parse_iso8601("2020-04-01", 540)->epoch_d == Approx(utc - 9.0 / 24.0));
  CHECK(parse_iso8601("2020-04-01T00:00Z", 540)->epoch_d == Approx(utc));
  CHECK(format_iso8601(utc, 540) == "2020-04-01T09:00:00");
  CHECK(parse_utc_offset("+09:00") == 540);
  CHECK(parse_utc_offset("-05:30") == -330);
  CHECK(parse_utc_offset("Z") == 0);
  CHECK_FALSE(parse_utc_offset("JST"));
}

TEST_CASE("calendar: invalid dates and times are rejected with a reason", "[params][calendar]") {
  std::string why;
  CHECK_FALSE(parse_iso8601("2023-02-30", 0, &why));
  CHECK_THAT(why, Catch::Contains("\"2023-02-30\" is not a calendar date"));
  CHECK_FALSE(parse_iso8601("2023-02-29"));  // not a leap year
  CHECK(parse_iso8601("2024-02-29"));
  CHECK_FALSE(parse_iso8601("2023-13-01"));
  CHECK_FALSE(parse_iso8601("2023-04-31"));
  CHECK_FALSE(parse_iso8601("2023-01-01T24:00", 0, &why));
  CHECK_THAT(why, Catch::Contains("time of day out of range"));
  CHECK_FALSE(parse_iso8601("2023-01-01T12:60"));
  CHECK_FALSE(parse_iso8601("2023-1-1", 0, &why));
  CHECK_THAT(why, Catch::Contains("expected YYYY-MM-DD"));
  CHECK_FALSE(parse_iso8601("01/04/2020"));
  CHECK_FALSE(parse_iso8601("2020-04-01T10:00+25:00"));
  CHECK_FALSE(parse_iso8601("2020-04-01Z"));
  CHECK_FALSE(parse_iso8601("2020-04-01T10:00:00 junk"));
  CHECK_FALSE(parse_iso8601(""));
}
