#include "app/import_command.hpp"

#include <mpi.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "app/run_command.hpp"
#include "mf6/input_error.hpp"
#include "mf6/scenario_writer.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::app {
namespace {

namespace fs = std::filesystem;

// Reads the deck; problems go to stderr. False: refused (exit 2).
bool read_deck(const std::string& path, mf6::Deck& deck) {
  try {
    deck = mf6::read_simulation(path);
    return true;
  } catch (const mf6::InputError& e) {
    for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
    std::cerr << "aquifer: invalid MODFLOW 6 input; nothing was written\n";
  } catch (const mf6::UnsupportedFeature& e) {
    std::cerr << e.what() << "\naquifer: this MODFLOW 6 deck uses a feature the importer refuses; nothing was written\n";
  }
  return false;
}

// "" when DIR may be written, else why not.
std::string check_target(const fs::path& dir, bool force) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return "";
  if (!fs::is_directory(dir, ec)) return dir.string() + " exists and is not a folder";
  if (!fs::is_empty(dir, ec) && !force) return dir.string() + " exists and is not empty; use --force to replace it";
  return "";
}

void write_files(const fs::path& dir, const std::vector<mf6::ScenarioFile>& files) {
  for (const auto& f : files) {
    const fs::path p = dir / f.path;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << f.text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + p.string());
  }
}

// The written scenario must load: a problem here is a bug of the importer, not of the deck.
bool scenario_loads(const fs::path& scenario) {
  try {
    (void)params::load_scenario(scenario.string());
    return true;
  } catch (const params::InputError& e) {
    for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
    std::cerr << "aquifer: internal error: the imported scenario does not load; nothing was written\n";
  }
  return false;
}

// temp -> dir; an existing dir (empty, or replaced with --force) is moved aside first.
void commit(const fs::path& temp, const fs::path& dir) {
  if (!fs::exists(dir)) {
    fs::rename(temp, dir);
    return;
  }
  const fs::path old = dir.parent_path() / ("." + dir.filename().string() + ".replaced-" + std::to_string(::getpid()));
  fs::rename(dir, old);
  try {
    fs::rename(temp, dir);
  } catch (...) {
    fs::rename(old, dir);
    throw;
  }
  fs::remove_all(old);
}

int import_on_root(const ImportOptions& options) {
  mf6::Deck deck;
  if (!read_deck(options.mfsim_path, deck)) return kInvalidInput;
  const fs::path dir = fs::absolute(options.output_dir).lexically_normal();
  const fs::path deck_folder = fs::absolute(options.mfsim_path).lexically_normal().parent_path();
  if (options.force && !fs::relative(deck_folder, dir).empty() && *fs::relative(deck_folder, dir).begin() != "..") {
    std::cerr << "aquifer: " << dir.string() << " holds the deck itself; --force would delete it; nothing was written\n";
    return kInvalidInput;
  }
  if (const std::string bad = check_target(dir, options.force); !bad.empty()) {
    std::cerr << "aquifer: " << bad << "; nothing was written\n";
    return kInvalidInput;
  }
  const auto files = mf6::write_scenario(deck, options.mfsim_path);
  fs::create_directories(dir.parent_path());
  const fs::path temp = dir.parent_path() / ("." + dir.filename().string() + ".import-" + std::to_string(::getpid()));
  fs::remove_all(temp);
  try {
    write_files(temp, files);
    if (!scenario_loads(temp / "scenario.toml")) {
      fs::remove_all(temp);
      return kFailure;
    }
    commit(temp, dir);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(temp, ec);
    throw;
  }
  std::cout << "wrote " << (dir / "scenario.toml").string() << " and " << files.size() - 1
            << " more files (IMPORT-NOTES.md lists what was translated and ignored)\n";
  return kSuccess;
}

}  // namespace

int import_mf6_command(const ImportOptions& options) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int status = rank == 0 ? import_on_root(options) : kSuccess;
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

}  // namespace aquifer::app
