#include "app/checkpoint.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "output/provenance.hpp"

namespace aquifer::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormatTag = "aquifer-checkpoint 1";

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::string hex(double v) {
  char s[64];
  std::snprintf(s, sizeof s, "%a", v);
  return s;
}

// Parses state.txt ("key value" lines after the format tag).
std::optional<CheckpointInfo> parse_state(const fs::path& dir, const std::string& text, std::string* why) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kFormatTag) {
    *why = (dir / "state.txt").string() + " is not an aquifer checkpoint of this version";
    return std::nullopt;
  }
  CheckpointInfo info;
  info.dir = dir;
  int found = 0;
  while (std::getline(in, line)) {
    std::istringstream kv(line);
    std::string key, value;
    kv >> key >> value;
    if (key == "scenario_sha256") info.scenario_sha256 = value, ++found;
    else if (key == "t_d") info.state.t_d = std::strtod(value.c_str(), nullptr), ++found;
    else if (key == "dt_d") info.state.dt_d = std::strtod(value.c_str(), nullptr), ++found;
    else if (key == "step") info.state.step = std::atoi(value.c_str()), ++found;
    else if (key == "budget.csv") info.budget_csv_bytes = std::atol(value.c_str());
    else if (key == "heads.csv") info.heads_csv_bytes = std::atol(value.c_str());
    else if (key == "accounting.csv") info.accounting_csv_bytes = std::atol(value.c_str());
  }
  if (found != 4 || info.state.dt_d <= 0.0) {
    *why = (dir / "state.txt").string() + " is incomplete";
    return std::nullopt;
  }
  return info;
}

}  // namespace

std::string read_checkpoint_text(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::optional<CheckpointInfo> read_checkpoint(const fs::path& out_dir, std::string* why) {
  for (const char* name : {"checkpoint", "checkpoint.old"}) {
    const fs::path dir = out_dir / name;
    std::error_code ec;
    if (!fs::is_regular_file(dir / "state.txt", ec)) continue;
    try {
      return parse_state(dir, read_checkpoint_text(dir / "state.txt"), why);
    } catch (const std::exception& e) {
      *why = e.what();
      return std::nullopt;
    }
  }
  *why = out_dir.string() + " holds no checkpoint (no " + (out_dir / "checkpoint" / "state.txt").string() + ")";
  return std::nullopt;
}

void remove_checkpoints(const fs::path& out_dir) {
  std::error_code ec;
  for (const char* name : {"checkpoint.tmp", "checkpoint", "checkpoint.old"}) fs::remove_all(out_dir / name, ec);
}

Checkpointer::Checkpointer(fs::path out_dir, std::string scenario_sha256, solver::Simulation& simulation,
                           RunWriters writers, MPI_Comm comm)
    : out_dir_(std::move(out_dir)),
      scenario_sha256_(std::move(scenario_sha256)),
      simulation_(simulation),
      writers_(writers),
      comm_(comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  is_root_ = rank == 0;
}

void Checkpointer::write_state_files(const fs::path& dir, const solver::RunState& state) const {
  std::ostringstream s;
  s << kFormatTag << '\n'
    << "scenario_sha256 " << scenario_sha256_ << '\n'
    << "t_d " << hex(state.t_d) << '\n'
    << "dt_d " << hex(state.dt_d) << '\n'
    << "step " << state.step << '\n'
    << "budget.csv " << writers_.budget_csv->flush() << '\n'
    << "accounting.csv " << writers_.accounting->flush() << '\n';
  if (writers_.heads_csv != nullptr) s << "heads.csv " << writers_.heads_csv->flush() << '\n';
  s << "# t = " << state.t_d << " d\n";
  write_text(dir / "accounting.state", writers_.accounting->state());
  write_text(dir / "summary.state", writers_.summary->state());
  if (writers_.observations != nullptr) write_text(dir / "observations.state", writers_.observations->state());
  write_text(dir / "state.txt", s.str());  // last: a state.txt means a complete folder
}

void Checkpointer::save(const solver::RunState& state) {
  const fs::path tmp = out_dir_ / "checkpoint.tmp";
  std::string error;
  if (is_root_) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    if (!ec) fs::create_directories(tmp, ec);
    if (ec) error = "cannot create " + tmp.string() + ": " + ec.message();
  }
  error = output::broadcast_string(error, comm_);
  if (!error.empty()) throw std::runtime_error(error);
  simulation_.save_heads((tmp / "heads.petsc").string());
  writers_.scientific->save_to(tmp);
  if (is_root_) {
    try {
      write_state_files(tmp, state);
      const fs::path live = out_dir_ / "checkpoint", old = out_dir_ / "checkpoint.old";
      fs::remove_all(old);
      if (fs::exists(live)) fs::rename(live, old);
      fs::rename(tmp, live);
      fs::remove_all(old);
    } catch (const std::exception& e) {
      error = std::string("cannot save the checkpoint: ") + e.what();
    }
  }
  error = output::broadcast_string(error, comm_);
  if (!error.empty()) throw std::runtime_error(error);
  last_saved_d_ = state.t_d;
  spdlog::debug("checkpoint saved at t = {} d in {}", state.t_d, (out_dir_ / "checkpoint").string());
}

void Checkpointer::restore_sums(const CheckpointInfo& info) {
  writers_.accounting->restore_state(read_checkpoint_text(info.dir / "accounting.state"));
  writers_.summary->restore_state(read_checkpoint_text(info.dir / "summary.state"));
  // The simulated heads at the observation wells so far (checkpoints of earlier versions have
  // none: their resumed runs keep only the heads sampled after the resume).
  if (writers_.observations != nullptr && fs::exists(info.dir / "observations.state"))
    writers_.observations->restore_state(read_checkpoint_text(info.dir / "observations.state"));
}

}  // namespace aquifer::app
