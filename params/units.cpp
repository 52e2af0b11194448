#include "params/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace aquifer::params {
namespace {

struct UnitName final {
  std::string_view name;
  double to_canonical;  // to m or d
  Dimension dimension;
};

constexpr double days_per_year = 365.25;  // Julian year

constexpr std::array<UnitName, 26> unit_names{{
    {"m", 1.0, {1, 0}},
    {"cm", 0.01, {1, 0}},
    {"mm", 1e-3, {1, 0}},
    {"km", 1e3, {1, 0}},
    {"s", 1.0 / 86400.0, {0, 1}},
    {"sec", 1.0 / 86400.0, {0, 1}},
    {"min", 1.0 / 1440.0, {0, 1}},
    {"h", 1.0 / 24.0, {0, 1}},
    {"hr", 1.0 / 24.0, {0, 1}},
    {"d", 1.0, {0, 1}},
    {"day", 1.0, {0, 1}},
    {"days", 1.0, {0, 1}},
    {"wk", 7.0, {0, 1}},
    {"week", 7.0, {0, 1}},
    {"weeks", 7.0, {0, 1}},
    {"yr", days_per_year, {0, 1}},
    {"year", days_per_year, {0, 1}},
    {"years", days_per_year, {0, 1}},
    {"a", days_per_year, {0, 1}},
    {"ha", 1e4, {2, 0}},
    {"L", 1e-3, {3, 0}},
    {"l", 1e-3, {3, 0}},
    {"ML", 1e3, {3, 0}},
    {"t", 1.0, {3, 0}},  // tonne of water = 1 m3
    {"ton", 1.0, {3, 0}},
    {"tonnes", 1.0, {3, 0}},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Parses the exponent after a unit name: "", "2", "^2", "-1", "^-1", or UTF-8 superscript 2/3.
std::optional<int> parse_exponent(std::string_view s) {
  if (s.empty()) return 1;
  if (s == "\xC2\xB2") return 2;
  if (s == "\xC2\xB3") return 3;
  if (s.front() == '^') s.remove_prefix(1);
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || value == 0) return std::nullopt;
  return value;
}

// One factor such as "m3", "km^2", "s-1".
std::optional<Unit> parse_factor(std::string_view factor, std::string* error) {
  std::size_t n = 0;
  while (n < factor.size() && is_letter(factor[n])) ++n;
  const std::string_view name = factor.substr(0, n);
  const auto exponent = parse_exponent(factor.substr(n));
  for (const auto& u : unit_names) {
    if (u.name != name || !exponent) continue;
    Unit out;
    out.to_canonical = std::pow(u.to_canonical, *exponent);
    out.dimension = {u.dimension.length * *exponent, u.dimension.time * *exponent};
    return out;
  }
  if (error) *error = "unknown unit \"" + std::string(factor) + "\"";
  return std::nullopt;
}

// A product "m*d", "m.d" or "1".
std::optional<Unit> parse_product(std::string_view part, std::string* error) {
  part = trim(part);
  if (part == "1") return Unit{};
  if (part.empty()) {
    if (error) *error = "empty unit part";
    return std::nullopt;
  }
  Unit total;
  while (!part.empty()) {
    const std::size_t sep = part.find_first_of("*.");
    const auto factor = parse_factor(trim(part.substr(0, sep)), error);
    if (!factor) return std::nullopt;
    total.to_canonical *= factor->to_canonical;
    total.dimension.length += factor->dimension.length;
    total.dimension.time += factor->dimension.time;
    if (sep == std::string_view::npos) break;
    part.remove_prefix(sep + 1);
    if (trim(part).empty()) {
      if (error) *error = "unit ends with a multiplication sign";
      return std::nullopt;
    }
  }
  return total;
}

}  // namespace

std::string describe(Dimension d) {
  struct Named final {
    Dimension d;
    const char* name;
  };
  static constexpr std::array<Named, 11> names{{
      {{0, 0}, "dimensionless"},
      {{1, 0}, "length"},
      {{2, 0}, "area"},
      {{3, 0}, "volume"},
      {{0, 1}, "time"},
      {{1, -1}, "length/time"},
      {{2, -1}, "area/time"},
      {{3, -1}, "volume/time"},
      {{-1, 0}, "1/length"},
      {{0, -1}, "1/time"},
      {{3, 1}, "volume*time"},
  }};
  for (const auto& n : names) {
    if (n.d == d) return n.name;
  }
  return "length^" + std::to_string(d.length) + " time^" + std::to_string(d.time);
}

std::optional<Unit> parse_unit(std::string_view text, std::string* error) {
  text = trim(text);
  if (text.empty() || text == "-") return Unit{};
  Unit total;
  bool numerator = true;
  while (true) {
    const std::size_t slash = text.find('/');
    const auto part = parse_product(text.substr(0, slash), error);
    if (!part) return std::nullopt;
    const int sign = numerator ? 1 : -1;
    total.to_canonical = numerator ? total.to_canonical * part->to_canonical
                                   : total.to_canonical / part->to_canonical;
    total.dimension.length += sign * part->dimension.length;
    total.dimension.time += sign * part->dimension.time;
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
    numerator = false;
  }
  return total;
}

Dimension dimension_of(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::dimensionless: return {0, 0};
    case QuantityKind::length: return {1, 0};
    case QuantityKind::duration: return {0, 1};
    case QuantityKind::area: return {2, 0};
    case QuantityKind::volume: return {3, 0};
    case QuantityKind::conductivity: return {1, -1};
    case QuantityKind::specific_storage: return {-1, 0};
    case QuantityKind::pumping_rate: return {3, -1};
    case QuantityKind::recharge_rate: return {1, -1};
    case QuantityKind::conductance: return {2, -1};
    case QuantityKind::leakance: return {0, -1};
  }
  return {0, 0};
}

std::string expectation(QuantityKind kind) {
  const char* example = "";
  switch (kind) {
    case QuantityKind::dimensionless: example = "a plain number like 0.15"; break;
    case QuantityKind::length: example = "a length like \"60 m\""; break;
    case QuantityKind::duration: example = "a duration like \"1 d\""; break;
    case QuantityKind::area: example = "an area like \"65.8 ha\""; break;
    case QuantityKind::volume: example = "a volume like \"6.3e6 m3\""; break;
    case QuantityKind::conductivity: example = "a hydraulic conductivity like \"30 m/d\""; break;
    case QuantityKind::specific_storage: example = "a specific storage like \"1e-5 1/m\""; break;
    case QuantityKind::pumping_rate: example = "a pumping rate like \"-7500 m3/d\""; break;
    case QuantityKind::recharge_rate: example = "a recharge rate like \"2 mm/d\""; break;
    case QuantityKind::conductance: example = "a conductance like \"5000 m2/d\""; break;
    case QuantityKind::leakance: example = "a leakance like \"0.5 1/d\""; break;
  }
  if (kind == QuantityKind::dimensionless) return example;
  return std::string(example) + " (" + describe(dimension_of(kind)) + ")";
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::optional<double> unit_factor(std::string_view unit_text, QuantityKind kind,
                                  std::string* error) {
  std::string why;
  const auto unit = parse_unit(unit_text, &why);
  if (!unit) {
    if (error) *error = why + "; expected " + expectation(kind);
    return std::nullopt;
  }
  if (unit->dimension != dimension_of(kind)) {
    if (error) {
      *error = "unit \"" + std::string(trim(unit_text)) + "\" is of dimension " +
               describe(unit->dimension) + "; expected " + expectation(kind);
    }
    return std::nullopt;
  }
  return unit->to_canonical;
}

std::optional<double> parse_quantity(std::string_view text, QuantityKind kind,
                                     std::string* error) {
  const std::string_view all = trim(text);
  std::string_view rest = all;
  if (!rest.empty() && rest.front() == '+') rest.remove_prefix(1);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) {
    if (error)
      *error = "\"" + std::string(all) + "\" is not a number; expected " + expectation(kind);
    return std::nullopt;
  }
  const std::string_view unit_text = trim(rest.substr(static_cast<std::size_t>(ptr - rest.data())));
  if (unit_text.empty()) return value;  // a bare number is already canonical
  std::string why;
  const auto factor = unit_factor(unit_text, kind, &why);
  if (!factor) {
    if (error) *error = "in \"" + std::string(all) + "\": " + why;
    return std::nullopt;
  }
  return value * *factor;
}

}  // namespace aquifer::params
