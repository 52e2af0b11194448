// Checked access to toml++ tables: every read reports wrong types, missing required keys, bad
// units and unknown keys to Problems with the node's source position. Internal to params/.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "params/problems.hpp"
#include "params/scenario_spec.hpp"
#include "params/units.hpp"

namespace aquifer::params {

struct ReadContext final {
  Problems& problems;
  int file = 0;           // id of the scenario file
  std::string base_dir;   // folder of the scenario file
  int utc_offset_min = 0; // [model] timezone

  [[nodiscard]] SourcePos pos(const toml::node& node) const;
  [[nodiscard]] SourcePos pos(const toml::key& key) const;
  // Resolves a path written in the scenario against its folder.
  [[nodiscard]] std::string resolve(const std::string& path) const;
};

// "a string", "an integer", "a table", ...
[[nodiscard]] std::string type_name(const toml::node& node);

enum class Need { optional, required };

// A calendar time value: a string or a TOML date / date-time.
struct TimeValue final {
  double epoch_d = 0.0;
  bool date_only = false;
};

class TableReader final {
 public:
  // Reports every key of `table` that is not in `allowed` (with a did-you-mean hint).
  TableReader(const toml::table& table, std::string label, ReadContext& ctx,
              std::initializer_list<std::string_view> allowed);

  [[nodiscard]] const toml::table& table() const { return table_; }
  [[nodiscard]] const std::string& label() const { return label_; }
  [[nodiscard]] ReadContext& ctx() const { return ctx_; }
  [[nodiscard]] const toml::node* find(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const { return find(key) != nullptr; }
  [[nodiscard]] SourcePos pos() const;                      // the table itself
  [[nodiscard]] SourcePos pos(std::string_view key) const;  // the key's value, else the table

  // "<label> <key>: <message>" at the key's value.
  void error(std::string_view key, const std::string& message) const;
  // "<label>: missing required key "<key>" (<expected>)" at the table.
  void missing(std::string_view key, const std::string& expected) const;

  [[nodiscard]] std::optional<std::string> string(std::string_view key, Need need) const;
  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key, Need need) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
  [[nodiscard]] std::optional<double> quantity(std::string_view key, QuantityKind kind,
                                               Need need) const;
  // A file name (string), resolved against the scenario's folder.
  [[nodiscard]] FileRef file(std::string_view key, Need need) const;
  // A per-cell field: number, unit string, or (when allow_file) { file = "...", unit = "..." }.
  [[nodiscard]] FieldSpec field(std::string_view key, QuantityKind kind, Need need,
                                bool allow_file) const;
  // A calendar time (string or TOML date / date-time).
  [[nodiscard]] std::optional<TimeValue> time(std::string_view key, Need need) const;
  // An array of tables (or a single table) under `key`; reports other types.
  [[nodiscard]] std::vector<const toml::table*> tables(std::string_view key) const;

  // "<label> <key>" for messages about a value.
  [[nodiscard]] std::string what(std::string_view key) const;

 private:
  const toml::node* require(std::string_view key, Need need, const std::string& expected) const;

  const toml::table& table_;
  std::string label_;
  ReadContext& ctx_;
};

// The quantity held by a node (number = canonical unit, or "<number> <unit>").
[[nodiscard]] std::optional<double> quantity_of(const toml::node& node, QuantityKind kind,
                                                const std::string& what, ReadContext& ctx);
// A calendar time held by a node.
[[nodiscard]] std::optional<TimeValue> time_of(const toml::node& node, const std::string& what,
                                               ReadContext& ctx);

// Reads and parses a TOML file (registered in `problems` as `file`). A file that cannot be
// read gets `cannot_read` as its message, a syntax error its line and column; either throws
// InputError with every problem recorded so far.
[[nodiscard]] toml::table parse_toml_file(const std::string& path, int file, Problems& problems,
                                          const std::string& cannot_read);

}  // namespace aquifer::params
