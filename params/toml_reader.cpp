#include "params/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/calendar.hpp"

namespace aquifer::params {

SourcePos ReadContext::pos(const toml::node& node) const {
  const auto& begin = node.source().begin;
  return {file, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

SourcePos ReadContext::pos(const toml::key& key) const {
  const auto& begin = key.source().begin;
  return {file, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::string ReadContext::resolve(const std::string& path) const {
  const std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time of day";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string unknown_key_message(std::string_view key, const std::string& label,
                                std::initializer_list<std::string_view> allowed) {
  std::string list;
  std::string_view best;
  std::size_t best_distance = 3;
  for (const auto& a : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(a);
    const std::size_t d = edit_distance(key, a);
    if (d < best_distance && d < std::max<std::size_t>(key.size(), 2)) {
      best_distance = d;
      best = a;
    }
  }
  std::string msg = label + ": unknown key \"" + std::string(key) + "\"";
  if (!best.empty()) msg += " (did you mean \"" + std::string(best) + "\"?)";
  return msg + "; allowed keys: " + list;
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string label, ReadContext& ctx,
                         std::initializer_list<std::string_view> allowed)
    : table_(table), label_(std::move(label)), ctx_(ctx) {
  for (auto&& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      ctx_.problems.error(ctx_.pos(key), unknown_key_message(key.str(), label_, allowed));
    }
  }
}

const toml::node* TableReader::find(std::string_view key) const { return table_.get(key); }

SourcePos TableReader::pos() const { return ctx_.pos(table_); }

SourcePos TableReader::pos(std::string_view key) const {
  const toml::node* node = find(key);
  return node ? ctx_.pos(*node) : pos();
}

std::string TableReader::what(std::string_view key) const {
  return label_ + " " + std::string(key);
}

void TableReader::error(std::string_view key, const std::string& message) const {
  ctx_.problems.error(pos(key), what(key) + ": " + message);
}

void TableReader::missing(std::string_view key, const std::string& expected) const {
  ctx_.problems.error(pos(), label_ + ": missing required key \"" + std::string(key) + "\" (" +
                                 expected + ")");
}

const toml::node* TableReader::require(std::string_view key, Need need,
                                       const std::string& expected) const {
  const toml::node* node = find(key);
  if (!node && need == Need::required) missing(key, expected);
  return node;
}

std::optional<std::string> TableReader::string(std::string_view key, Need need) const {
  const toml::node* node = require(key, need, "a string");
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  error(key, "expected a string, got " + type_name(*node));
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, Need need) const {
  const toml::node* node = require(key, need, "an integer");
  if (!node) return std::nullopt;
  if (const auto* i = node->as_integer()) return i->get();
  error(key, "expected an integer, got " + type_name(*node));
  return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  error(key, "expected true or false, got " + type_name(*node));
  return std::nullopt;
}

std::optional<double> quantity_of(const toml::node& node, QuantityKind kind,
                                  const std::string& what, ReadContext& ctx) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) {
    if (std::isfinite(f->get())) return f->get();
    ctx.problems.error(ctx.pos(node), what + ": expected a finite number; expected " +
                                          expectation(kind));
    return std::nullopt;
  }
  if (const auto* s = node.as_string()) {
    std::string why;
    const auto value = parse_quantity(s->get(), kind, &why);
    if (!value) ctx.problems.error(ctx.pos(node), what + ": " + why);
    return value;
  }
  ctx.problems.error(ctx.pos(node),
                     what + ": expected " + expectation(kind) + ", got " + type_name(node));
  return std::nullopt;
}

std::optional<double> TableReader::quantity(std::string_view key, QuantityKind kind,
                                            Need need) const {
  const toml::node* node = require(key, need, expectation(kind));
  if (!node) return std::nullopt;
  return quantity_of(*node, kind, what(key), ctx_);
}

FileRef TableReader::file(std::string_view key, Need need) const {
  const toml::node* node = require(key, need, "a file name");
  if (!node) return {};
  const auto* s = node->as_string();
  if (!s || s->get().empty()) {
    error(key, "expected a file name (a non-empty string), got " +
                   (s ? std::string("an empty string") : type_name(*node)));
    return {};
  }
  return {ctx_.resolve(s->get()), ctx_.pos(*node)};
}

FieldSpec TableReader::field(std::string_view key, QuantityKind kind, Need need,
                             bool allow_file) const {
  const std::string expected =
      expectation(kind) + (allow_file ? ", or { file = \"values.csv\" }" : "");
  const toml::node* node = require(key, need, expected);
  FieldSpec spec;
  if (!node) return spec;
  spec.written = true;
  if (const auto* t = node->as_table()) {
    if (!allow_file) {
      error(key, "expected " + expectation(kind) + ", got a table (files are not allowed here)");
      return spec;
    }
    const TableReader sub(*t, what(key), ctx_, {"file", "unit"});
    const FileRef ref = sub.file("file", Need::required);
    double factor = 1.0;
    if (const auto unit = sub.string("unit", Need::optional)) {
      std::string why;
      const auto f = unit_factor(*unit, kind, &why);
      if (!f) sub.error("unit", why);
      factor = f.value_or(1.0);
    }
    if (ref.present()) {
      spec.kind = FieldSpec::Kind::file;
      spec.path = ref.path;
      spec.pos = ref.pos;
      spec.file_factor = factor;
    }
    return spec;
  }
  if (node->is_array() || node->is_boolean() || node->is_date() || node->is_date_time() ||
      node->is_time()) {
    error(key, "expected " + expected + ", got " + type_name(*node));
    return spec;
  }
  if (const auto value = quantity_of(*node, kind, what(key), ctx_)) {
    spec.kind = FieldSpec::Kind::constant;
    spec.value = *value;
    spec.pos = ctx_.pos(*node);
  }
  return spec;
}

std::optional<TimeValue> time_of(const toml::node& node, const std::string& what,
                                 ReadContext& ctx) {
  if (const auto* s = node.as_string()) {
    std::string why;
    const auto t = parse_iso8601(s->get(), ctx.utc_offset_min, &why);
    if (!t) {
      ctx.problems.error(ctx.pos(node), what + ": " + why);
      return std::nullopt;
    }
    return TimeValue{t->epoch_d, t->date_only};
  }
  if (const auto* d = node.as_date()) {
    const toml::date date = d->get();
    if (!is_valid_date(date.year, date.month, date.day)) {
      ctx.problems.error(ctx.pos(node), what + ": not a calendar date");
      return std::nullopt;
    }
    const double days = static_cast<double>(days_from_civil(date.year, date.month, date.day));
    return TimeValue{days - ctx.utc_offset_min / 1440.0, true};
  }
  if (const auto* dt = node.as_date_time()) {
    const toml::date_time v = dt->get();
    const double days = static_cast<double>(days_from_civil(v.date.year, v.date.month, v.date.day));
    const double seconds = v.time.hour * 3600.0 + v.time.minute * 60.0 + v.time.second +
                           v.time.nanosecond * 1e-9;
    const int offset = v.offset ? v.offset->minutes : ctx.utc_offset_min;
    return TimeValue{days + seconds / 86400.0 - offset / 1440.0, false};
  }
  ctx.problems.error(ctx.pos(node), what + ": expected an ISO 8601 date or date-time such as "
                                           "\"2020-04-01\" or \"2020-04-01T06:00\", got " +
                                           type_name(node));
  return std::nullopt;
}

std::optional<TimeValue> TableReader::time(std::string_view key, Need need) const {
  const toml::node* node = require(key, need, "an ISO 8601 date or date-time");
  if (!node) return std::nullopt;
  return time_of(*node, what(key), ctx_);
}

std::vector<const toml::table*> TableReader::tables(std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* node = find(key);
  if (!node) return out;
  const std::string header = "[[" + std::string(key) + "]]";
  if (node->is_table()) {
    error(key, "expected an array of tables " + header + ", got a single table; write " +
                   header + " instead of [" + std::string(key) + "]");
    return out;
  }
  const auto* array = node->as_array();
  if (!array) {
    error(key, "expected an array of tables " + header + ", got " + type_name(*node));
    return out;
  }
  for (const auto& element : *array) {
    if (const auto* t = element.as_table()) {
      out.push_back(t);
    } else {
      ctx_.problems.error(ctx_.pos(element), what(key) + ": expected a table " + header +
                                                 ", got " + type_name(element));
    }
  }
  return out;
}

toml::table parse_toml_file(const std::string& path, int file, Problems& problems,
                            const std::string& cannot_read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error({file, 0, 0}, cannot_read);
    problems.throw_if_errors();
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    problems.error({file, static_cast<int>(where.line), static_cast<int>(where.column)},
                   "TOML syntax error: " + std::string(e.description()));
    problems.throw_if_errors();
  }
  return {};  // not reached: throw_if_errors throws after an error
}

}  // namespace aquifer::params
