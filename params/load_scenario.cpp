#include "params/load_scenario.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/calendar.hpp"
#include "params/data_files.hpp"
#include "params/model_builder.hpp"
#include "params/problems.hpp"
#include "params/scenario_spec.hpp"

namespace aquifer::params {
namespace {

bool read_whole_file(const std::string& path, std::string& text) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return !in.bad();
}

}  // namespace

LoadedScenario load_scenario(const std::string& path, const FileReadHook& on_read) {
  Problems problems;
  const int scenario_file = problems.file_id(path);
  LoadedScenario out;
  out.scenario_path = path;
  if (!read_whole_file(path, out.scenario_text)) {
    problems.error({scenario_file, 0, 0}, "cannot read the scenario file; expected an existing, "
                                          "readable TOML file");
    problems.throw_if_errors();
  }
  if (on_read) on_read(path, out.scenario_text);
  InputFiles files(problems, on_read);
  files.record(path);
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  const auto spec = read_scenario(out.scenario_text, path, base_dir, problems);
  if (spec) {
    build_model(*spec, files, out.model);
    build_compliance(*spec, files, out.compliance);
    out.output = spec->output;
    out.crs = spec->crs;
    out.start_epoch_d = spec->start_epoch_d;
    out.start_iso = format_iso8601(spec->start_epoch_d);
    out.utc_offset_min = spec->utc_offset_min;
    out.fiscal_year_start_month = spec->fiscal_year_start.month;
    out.fiscal_year_start_day = spec->fiscal_year_start.day;
    out.observation_wells = spec->observation_wells;
    out.initial_from_observations = spec->initial.from_observations;
    for (const auto& w : spec->observation_wells) {
      if (!w.data_path.empty()) files.record(w.data_path);
    }
  }
  problems.throw_if_errors();
  out.input_files = files.read_files();
  out.warnings = problems.warnings();
  return out;
}

}  // namespace aquifer::params
