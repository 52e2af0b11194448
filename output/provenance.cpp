#include "output/provenance.hpp"

#include <ctime>
#include <map>
#include <sstream>
#include <stdexcept>

#include "output/sha256.hpp"

namespace aquifer::output {

namespace {

int rank_of(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Rank 0 hashes every file; "ok\n<hash>\n<hash>..." or "error\n<message>", broadcast.
// Rank 0's digests of the files, broadcast: those computed when the scenario was read
// (params::LoadedScenario::input_sha256), the others hashed from disk now.
std::vector<std::string> hash_inputs(const std::vector<std::string>& files,
                                     const std::map<std::string, std::string>& known, MPI_Comm comm) {
  std::string message;
  if (rank_of(comm) == 0) {
    try {
      message = "ok";
      for (const auto& f : files) message += "\n" + sha256_file_hex(f, known);
    } catch (const std::exception& e) {
      message = std::string("error\n") + e.what();
    }
  }
  auto lines = split_lines(broadcast_string(message, comm));
  if (lines.empty() || lines.front() != "ok")
    throw std::runtime_error(lines.size() > 1 ? lines[1] : "cannot hash the input files");
  lines.erase(lines.begin());
  return lines;
}

}  // namespace

std::string Provenance::input_hash_lines() const {
  std::string out;
  for (std::size_t i = 0; i < input_files.size() && i < input_sha256.size(); ++i)
    out += input_sha256[i] + "  " + input_files[i] + "\n";
  return out;
}

std::string Provenance::software() const {
  return "aquifer " + build.software_version + " (commit " + build.git_commit + ")";
}

std::string broadcast_string(const std::string& text, MPI_Comm comm) {
  unsigned long long size = text.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
  std::string out = rank_of(comm) == 0 ? text : std::string(size, '\0');
  if (size > 0) MPI_Bcast(out.data(), static_cast<int>(size), MPI_CHAR, 0, comm);
  return out;
}

std::string utc_now_iso(MPI_Comm comm) {
  std::string now;
  if (rank_of(comm) == 0) {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    now = text;
  }
  return broadcast_string(now, comm);
}

std::string cf_days_since(const std::string& start_iso) {
  std::string t = start_iso;
  if (t.size() > 10 && (t[10] == 'T' || t[10] == 't')) t[10] = ' ';
  if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
  if (t.size() == 10) t += " 00:00:00";
  return "days since " + t;
}

Provenance make_provenance(const params::LoadedScenario& scenario, BuildInfo build, MPI_Comm comm) {
  Provenance p;
  p.build = std::move(build);
  // Options and versions could differ between ranks only by accident; rank 0's are recorded.
  p.build.petsc_options = broadcast_string(p.build.petsc_options, comm);
  MPI_Comm_size(comm, &p.mpi_ranks);
  p.wall_start_utc = utc_now_iso(comm);
  p.model_name = scenario.model.name;
  p.model_start_utc = scenario.start_iso + "Z";
  p.scenario_path = scenario.scenario_path;
  p.scenario_text = broadcast_string(scenario.scenario_text, comm);
  p.input_files = scenario.input_files;
  p.input_sha256 = hash_inputs(scenario.input_files, scenario.input_sha256, comm);
  p.crs = scenario.crs;
  return p;
}

}  // namespace aquifer::output
