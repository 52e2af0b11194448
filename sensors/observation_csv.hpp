// Observation CSV ingest: long form `well_id,time,head` and wide form `time,<well>,<well>,...`
// (docs/scenario-format.md "Observation data"), including the header variants of real files
// (leading spaces, an unnamed index column, `date`/`Date`/`Peildatum`/`time` time columns).
//
// Structural problems (no file, no header, no time column, a named well or column that is not
// in the file) throw params::InputError with file:line:col. Problems inside readable data
// (duplicate or out-of-order times, unparsable values or times, wrong field counts,
// out-of-range values) become DataIssue entries with their line; with `strict` they are
// thrown as InputError instead (every one listed). Nothing is silently dropped:
//   - an empty cell is a missing reading, KEPT in the series as NaN with its line;
//   - an unparsable value is kept as NaN with its line, and reported ("unparsable");
//   - an out-of-range value is kept as read, and reported ("out_of_range");
//   - a row whose time cannot be read (or with too few/many fields) cannot be placed in time:
//     it is left out of the series and reported ("unparsable_time" / "field_count").
// See docs/observations.md.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "sensors/observation_data.hpp"

namespace aquifer::sensors {

// From `from_epoch_d` on, the measuring point's datum offset is `datum_offset_m` (replacing
// the well's base offset): a measuring point that was re-surveyed.
struct ReferenceChange final {
  double from_epoch_d = 0.0;  // days since 1970-01-01 UTC
  double datum_offset_m = 0.0;
};

struct ObservationReadOptions final {
  // Which series to keep. Empty = every value column of the file (wide form) or every well
  // (long form). Otherwise only these ids; an id that is not in the file is an input error.
  std::vector<std::string> wells;
  // Single-series use (one [[observation_wells]] entry): the series is named `well_id`.
  // Wide/single-column file: read column `column` (header name); empty `column` = the only
  // value column (an input error when there are several). Long form: rows whose well_id is
  // `column` (default `well_id`). Leave `well_id` empty for whole-file use.
  std::string well_id;
  std::string column;

  double unit_to_m = 1.0;        // 1 for m, 0.01 for cm
  double datum_offset_m = 0.0;   // added to every reading (after the unit conversion)
  std::vector<ReferenceChange> reference_changes;  // sorted by from_epoch_d (checked)

  // Time column format for non-ISO dates, strptime-like: %Y %m %d %H %M %S (%y two-digit
  // year 1969..2068, %% a percent sign); any other character must match literally.
  // Empty = ISO 8601 (date, or date-time with 'T' or ' ', optional offset).
  std::string time_format;
  int utc_offset_min = 0;        // naive times are local times at this offset (minutes east)

  // Plausible head range [m] after conversion; readings outside are reported "out_of_range".
  double valid_min_m = -1000.0;
  double valid_max_m = 10000.0;

  bool strict = false;           // data issues are input errors
};

// Reads one observation CSV. Throws params::InputError (structure, or any data issue when
// strict). Series come in the order of their columns (wide) or of first appearance (long).
[[nodiscard]] ObservationSet read_observation_csv(const std::string& path,
                                                  const ObservationReadOptions& options = {});

// Same, on text already in memory (`name` is used in messages and in ObservationSeries::file).
[[nodiscard]] ObservationSet parse_observation_csv(std::string_view text, const std::string& name,
                                                   const ObservationReadOptions& options = {});

}  // namespace aquifer::sensors
