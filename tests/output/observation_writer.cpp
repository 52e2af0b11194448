// Writes heads.h5 through Hdf5HeadsWriter directly, for the parts `aquifer run` does not use
// yet: /observations/<well> series (record_observation) and ranks that own no cells (an empty
// block in the collective write). Run with mpiexec; test_outputs.py `observations` checks it.
// Rank 0 then reads the series back with read_simulated_heads (keyed by the original id "W/1",
// times as stored and as epochs) and fails on a difference.
//
// Usage: observation_writer OUT.h5   (grid 4 x 2 x 1; rank r owns row r, ranks >= 2 nothing)
#include <mpi.h>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <vector>

#include "output/hdf5_writer.hpp"
#include "output/simulated_heads_reader.hpp"

namespace {

void write_file(const char* path, int rank) {
  using namespace aquifer;
  solver::Model model;
  model.name = "observation-writer";
  model.grid.nx = 4, model.grid.ny = 2, model.grid.nlay = 1;
  const auto n = static_cast<std::size_t>(model.grid.cell_count());
  model.properties.top_m.assign(n, 10.0);
  model.properties.bottom_m.assign(n, 0.0);
  model.properties.active.assign(n, 1);
  output::Provenance provenance;
  provenance.model_start_utc = "2021-01-01T00:00:00Z";
  output::Hdf5HeadsWriter writer(path, model, provenance, MPI_COMM_WORLD);
  for (int step = 1; step <= 3; ++step) {
    solver::StepRecord record;
    record.step = step;
    record.t_d = step;
    record.budget.add(solver::BudgetComponent::wells, -100.0 * step);
    writer.on_step(record);
    writer.record_observation("W/1", step, 5.0 + step);
    writer.record_observation("P2", step, 7.0 - step);
    if (step == 2 || step == 3) {
      solver::LocalHeadsBlock block;  // rank r: row r; ranks >= 2: empty
      if (rank < 2) {
        block.row0 = rank, block.nrow = 1, block.ncol = 4, block.nlay = 1;
        for (int i = 0; i < 4; ++i) block.values_m.push_back(100.0 * step + 10.0 * rank + i);
      }
      writer.on_local_heads(step, block);
    }
  }
  writer.commit("2021-01-01T00:00:01Z");
}

void check_read_back(const char* path) {
  const auto series = aquifer::output::read_simulated_heads(path);
  const auto w1 = series.find("W/1");
  if (series.size() != 2 || w1 == series.end() || series.count("P2") != 1)
    throw std::runtime_error("read_simulated_heads: expected the wells \"W/1\" and \"P2\"");
  const double epoch_2021 = 18628.0;  // 2021-01-01 in days since 1970-01-01
  if (w1->second.t_since_start_d != std::vector<double>{1, 2, 3} ||
      w1->second.t_d != std::vector<double>{epoch_2021 + 1, epoch_2021 + 2, epoch_2021 + 3} ||
      w1->second.head_m != std::vector<double>{6, 7, 8})
    throw std::runtime_error("read_simulated_heads: W/1 read back wrong");
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int status = 0;
  try {
    if (argc != 2) throw std::runtime_error("usage: observation_writer OUT.h5");
    write_file(argv[1], rank);
    if (rank == 0) check_read_back(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "observation_writer: %s\n", e.what());
    status = 1;
  }
  MPI_Finalize();
  return status;
}
