// Many observation wells in one file: read the file once with raw_read_options() and take
// each well's series out with select_series(), instead of reading the file once per well.
#pragma once

#include "sensors/observation_csv.hpp"

namespace aquifer::sensors {

// The options of a whole-file read that keeps values as written: every series, unit 1, no
// datum offset, no range check, not strict; time format and zone from `well`.
[[nodiscard]] ObservationReadOptions raw_read_options(const ObservationReadOptions& well);

// One well's series from a whole-file raw read of its file: the series named `opt.column`, else
// `opt.well_id`, else the only series of the file; converted with opt's unit, datum offset and
// reference changes; range-checked. Issues: the file's row issues (no well) and that series'
// issues, plus out_of_range. Throws params::InputError when the series is not in the file or,
// with opt.strict, for any issue. Gives what read_observation_csv(file, opt) gives for a
// wide-form file, or a long-form one (rows of other wells aside).
[[nodiscard]] ObservationSet select_series(const ObservationSet& raw,
                                           const ObservationReadOptions& opt);

}  // namespace aquifer::sensors
