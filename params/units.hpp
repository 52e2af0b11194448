// Physical units in scenario files: "<number> <unit>" strings converted to the canonical units
// (length m, time d) with a dimension check.
//
// Unit grammar: a numerator, then zero or more "/ denominator" parts. Each part is "1" or a
// product of factors joined by '*' or '.', each factor a unit name with an optional integer
// exponent ("m2", "m^2", "s-1", "s^-1"). Unit names (scale to m or d):
//   length: m, cm, mm, km
//   time:   s, sec, min, h, hr, d, day, days, wk, week, yr, year, years (1 yr = 365.25 d,
//           the Julian year), a (annum, = yr)
//   area:   ha (1e4 m2)
//   volume: L, l (1e-3 m3), ML (1e3 m3), t (water tonne = 1 m3)
// Examples: "m3/d", "1/m", "1/d", "L/s", "m2/d", "mm/d", "t/d", "m3/yr", "m/s".
// "-" and "" are dimensionless.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aquifer::params {

// Exponents of length and time; a hydraulic conductivity is (1, -1).
struct Dimension final {
  int length = 0;
  int time = 0;
  friend bool operator==(const Dimension&, const Dimension&) = default;
};

// "length", "length/time", "volume/time", "1/length", "area/time", ...
[[nodiscard]] std::string describe(Dimension d);

// A parsed unit: multiply a value in this unit by `to_canonical` to get m^a d^b.
struct Unit final {
  double to_canonical = 1.0;
  Dimension dimension;
};

// Parses a unit expression. On failure returns nullopt and, when `error` is given, says why.
[[nodiscard]] std::optional<Unit> parse_unit(std::string_view text, std::string* error = nullptr);

// The kinds of quantity a scenario key may hold; each has a dimension and an example.
enum class QuantityKind {
  dimensionless,
  length,            // m
  duration,          // d
  area,              // m2
  volume,            // m3
  conductivity,      // K [m/d]
  specific_storage,  // Ss [1/m]
  pumping_rate,      // [m3/d]
  recharge_rate,     // [m/d]
  conductance,       // [m2/d]
  leakance,          // [1/d]
};

[[nodiscard]] Dimension dimension_of(QuantityKind kind);
// e.g. "a hydraulic conductivity like \"30 m/d\" (length/time)"
[[nodiscard]] std::string expectation(QuantityKind kind);

// Parses "<number>" (already canonical) or "<number> <unit>" (space optional) into the
// canonical unit of `kind`. On failure returns nullopt and says why in `error`.
[[nodiscard]] std::optional<double> parse_quantity(std::string_view text, QuantityKind kind,
                                                   std::string* error = nullptr);

// The factor from `unit_text` to the canonical unit of `kind` (for files whose values share
// one unit). On a bad unit or wrong dimension returns nullopt and says why in `error`.
[[nodiscard]] std::optional<double> unit_factor(std::string_view unit_text, QuantityKind kind,
                                                std::string* error = nullptr);

// Parses a whole plain number (no unit) such as "12", "-3.5e-4", "+1". nullopt otherwise.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// A number for messages: up to 6 significant digits, no trailing zeros ("30", "1e-05").
[[nodiscard]] std::string format_number(double value);

}  // namespace aquifer::params
