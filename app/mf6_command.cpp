#include "app/mf6_command.hpp"

#include <mpi.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/run_command.hpp"
#include <fstream>
#include <sstream>

#include "mf6/input_error.hpp"
#include "mf6/outputs_observer.hpp"
#include "mf6/run.hpp"
#include "mf6/to_model.hpp"
#include "output/atomic_file.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::app {

namespace {

bool is_root() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank == 0;
}

// Fortran's Gw.d edit descriptor, as MF6 writes observation values with DIGITS d.
std::string fortran_g(double x, int digits) {
  char buf[64];
  const double ax = std::abs(x);
  if (ax == 0.0) {
    std::snprintf(buf, sizeof buf, "%.*f", digits - 1, 0.0);
    return buf;
  }
  const int exponent = static_cast<int>(std::floor(std::log10(ax))) + 1;
  if (exponent >= 0 && exponent <= digits) {
    std::snprintf(buf, sizeof buf, "%.*f", digits - exponent, x);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%s0.%0*.0fE%+03d", x < 0 ? "-" : "", digits,
                std::round(ax / std::pow(10.0, exponent) * std::pow(10.0, digits)), exponent);
  return buf;
}

void write_heads_csv(const std::string& path, const mf6::Deck& deck, const mf6::RunResult& r) {
  output::AtomicFile f(path);
  std::fprintf(f.stream(), "kper,kstp,totim,layer,row,col,head\n");
  const auto& g = deck.grid;
  for (const auto& s : r.heads)
    for (int k = 0; k < g.nlay; ++k)
      for (int i = 0; i < g.nrow; ++i)
        for (int j = 0; j < g.ncol; ++j)
          std::fprintf(f.stream(), "%d,%d,%.12g,%d,%d,%d,%.12g\n", s.kper, s.kstp, s.totim, k + 1, i + 1, j + 1,
                       s.heads[g.node(k, i, j)]);
  f.commit();
}

void write_budget_csv(const std::string& path, const mf6::RunResult& r) {
  output::AtomicFile f(path);
  std::fprintf(f.stream(), "kper,kstp,totim,term,package,rate_in,rate_out\n");
  for (const auto& b : r.budgets)
    for (const auto& t : b.terms)
      std::fprintf(f.stream(), "%d,%d,%.12g,%s,%s,%.12g,%.12g\n", b.kper, b.kstp, b.totim, t.term.c_str(),
                   t.package.c_str(), t.in, t.out);
  f.commit();
}

void write_observations(const std::string& dir, const mf6::RunResult& r) {
  for (const auto& t : r.observations) {
    output::AtomicFile f((std::filesystem::path(dir) / t.file_name).string());
    std::fprintf(f.stream(), "time");
    for (const auto& n : t.names) std::fprintf(f.stream(), ",%s", n.c_str());
    std::fprintf(f.stream(), "\n");
    for (std::size_t s = 0; s < t.times.size(); ++s) {
      std::fprintf(f.stream(), "%s", fortran_g(t.times[s], 13).c_str());
      for (double v : t.rows[s]) std::fprintf(f.stream(), ",%s", fortran_g(v, t.digits).c_str());
      std::fprintf(f.stream(), "\n");
    }
    f.commit();
  }
}

// MF6's binary head file: per saved time and layer a header record (kstp, kper, pertim,
// totim, "            HEAD", ncol, nrow, ilay) and ncol*nrow float64 heads, no record marks.
void write_binary_heads(const std::string& path, const mf6::Deck& deck, const mf6::RunResult& r) {
  output::AtomicFile f(path);
  const auto& g = deck.grid;
  auto put = [&](const void* p, std::size_t n) {
    if (std::fwrite(p, 1, n, f.stream()) != n) throw std::runtime_error("cannot write " + path);
  };
  const char text[17] = "            HEAD";
  for (const auto& s : r.heads)
    for (int k = 0; k < g.nlay; ++k) {
      const std::int32_t kstp = s.kstp, kper = s.kper, ncol = g.ncol, nrow = g.nrow, ilay = k + 1;
      put(&kstp, 4);
      put(&kper, 4);
      put(&s.pertim, 8);
      put(&s.totim, 8);
      put(text, 16);
      put(&ncol, 4);
      put(&nrow, 4);
      put(&ilay, 4);
      put(&s.heads[g.node(k, 0, 0)], sizeof(double) * static_cast<std::size_t>(g.nrow) * g.ncol);
    }
  f.commit();
}

void write_all(const Mf6RunOptions& options, const std::string& dir, const mf6::Deck& deck,
               const mf6::RunResult& result) {
  std::filesystem::create_directories(dir);
  write_heads_csv((std::filesystem::path(dir) / "heads_mf6.csv").string(), deck, result);
  write_budget_csv((std::filesystem::path(dir) / "budget_mf6.csv").string(), result);
  write_observations(dir, result);
  if (!options.heads_file.empty()) write_binary_heads(options.heads_file, deck, result);
  spdlog::info("MF6 outputs written to {}", dir);
}

// The deck as a loaded scenario: solved by solver::Simulation through run_loaded, with every
// output of a TOML run (heads.h5, heads.nc, heads.xmf, budget.csv, accounting) and the MF6
// layout files fed by an OutputsObserver.
int run_through_simulation(const Mf6RunOptions& options, const std::string& dir, const mf6::Deck& deck) {
  const mf6::Translation translation = mf6::to_model(deck);
  params::LoadedScenario loaded;
  loaded.model = translation.model;
  loaded.output.dir = dir;
  loaded.output.report = false;  // no permits or report for a MODFLOW deck
  loaded.scenario_path = options.mfsim_path;
  std::ifstream in(options.mfsim_path);
  std::stringstream text;
  text << in.rdbuf();
  loaded.scenario_text = text.str();
  loaded.start_iso = "1970-01-01T00:00:00";
  loaded.input_files.push_back(options.mfsim_path);
  mf6::OutputsObserver observer(deck, translation);
  RunOptions run;
  run.scenario_path = options.mfsim_path;
  run.output_dir = dir;
  return run_loaded(loaded, run, {&observer}, [&] {
    if (is_root()) write_all(options, dir, deck, observer.result());
  });
}

}  // namespace

bool is_mf6_deck(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  return ext == ".nam" || ext == ".NAM";
}

int mf6_run_command(const Mf6RunOptions& options) {
  mf6::Deck deck;
  try {
    deck = mf6::read_simulation(options.mfsim_path);
  } catch (const mf6::InputError& e) {
    if (is_root()) {
      for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
      std::cerr << "aquifer: invalid MODFLOW 6 input; nothing was computed or written\n";
    }
    return kInvalidInput;
  } catch (const mf6::UnsupportedFeature& e) {
    if (is_root()) std::cerr << e.what() << "\naquifer: this MODFLOW 6 deck uses a feature the importer refuses; "
                                           "nothing was computed or written\n";
    return kInvalidInput;
  }
  if (is_root())
    for (const auto& note : deck.notes) spdlog::info("MF6 import: {}", note);
  spdlog::info("MF6 model '{}': {} x {} x {} cells, {} stress periods, {} packages{}", deck.model_name,
               deck.grid.nlay, deck.grid.nrow, deck.grid.ncol, deck.periods.size(), deck.packages.size(),
               deck.newton ? ", Newton-Raphson" : "");
  std::string dir = options.output_dir;
  if (dir.empty()) dir = (std::filesystem::path(options.mfsim_path).parent_path() / "mf6-output").string();
  return run_through_simulation(options, dir, deck);
}

}  // namespace aquifer::app
