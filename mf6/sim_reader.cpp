// Simulation name file, TDIS, IMS and the GWF name file.
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "mf6/readers.hpp"

namespace aquifer::mf6 {

bool is_output_only_option(const std::string& k) {
  static const std::set<std::string> kOptions = {
      "PRINT_INPUT", "PRINT_FLOWS", "SAVE_FLOWS", "PRINT_HEAD", "PRINT_OPTION", "COMPLEXITY",
      "CSV_OUTPUT", "CSV_OUTER_OUTPUT", "CSV_INNER_OUTPUT", "NOGRB", "EXPORT_ARRAY_ASCII",
      "EXPORT_ARRAY_NETCDF", "SAVE_SPECIFIC_DISCHARGE", "SAVE_SATURATION", "MEMORY_PRINT_OPTION",
      "LIST", "PRINT_OPTION", "DIGITS", "PRINT_FORMAT", "IPRN", "PRINT_STORAGE"};
  return kOptions.count(k) > 0;
}

void refuse(const InputPosition& where, const std::string& what) { throw UnsupportedFeature(where, what); }

double number_at(const Line& line, std::size_t index, const std::string& what) {
  double v = 0.0;
  if (index >= line.tokens.size() || !parse_double(line.tokens[index].text, v))
    throw InputError(line.at(index), "expected a number for " + what +
                                         (index < line.tokens.size() ? ", found '" + line.tokens[index].text + "'"
                                                                     : ", found the end of the line"));
  return v;
}

long integer_at(const Line& line, std::size_t index, const std::string& what) {
  long v = 0;
  if (index >= line.tokens.size() || !parse_int(line.tokens[index].text, v))
    throw InputError(line.at(index), "expected an integer for " + what +
                                         (index < line.tokens.size() ? ", found '" + line.tokens[index].text + "'"
                                                                     : ", found the end of the line"));
  return v;
}

void refuse_time_series_options(const Line& line, const std::string& package) {
  const std::string k = line.keyword();
  if (k == "TS6" || k == "TAS6") refuse(line.at(0), package + ": time-series files (" + k + ")");
  if (k == "MOVER") refuse(line.at(0), package + ": the water mover (MOVER)");
}

void read_tdis(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      if (l.keyword() == "TIME_UNITS" && l.tokens.size() > 1) deck.time_units = l.tokens[1].upper();
      if (l.keyword() == "ATS6") refuse(l.at(0), "TDIS: adaptive time stepping (ATS6)");
    }
  long nper = 1;
  if (const Block* d = f.find("DIMENSIONS"))
    for (const auto& l : d->lines)
      if (l.keyword() == "NPER") nper = integer_at(l, 1, "NPER");
  const Block* pd = f.find("PERIODDATA");
  if (pd == nullptr) throw InputError(InputPosition{path, 0, 0}, "TDIS: missing PERIODDATA block");
  if (static_cast<long>(pd->lines.size()) < nper)
    throw InputError(pd->at(), "TDIS: PERIODDATA holds " + std::to_string(pd->lines.size()) +
                                   " rows; expected NPER = " + std::to_string(nper));
  for (long p = 0; p < nper; ++p) {
    const Line& l = pd->lines[static_cast<std::size_t>(p)];
    StressPeriod sp;
    sp.length = number_at(l, 0, "PERLEN");
    sp.steps = static_cast<int>(integer_at(l, 1, "NSTP"));
    sp.multiplier = number_at(l, 2, "TSMULT");
    if (sp.steps < 1) throw InputError(l.at(1), "TDIS: NSTP must be at least 1");
    if (sp.length < 0) throw InputError(l.at(0), "TDIS: PERLEN must not be negative");
    if (sp.multiplier <= 0) throw InputError(l.at(2), "TDIS: TSMULT must be positive");
    deck.periods.push_back(sp);
  }
}

void read_ims(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  if (const Block* b = f.find("NONLINEAR"))
    for (const auto& l : b->lines) {
      const std::string k = l.keyword();
      if (k == "OUTER_DVCLOSE" || k == "OUTER_HCLOSE") deck.ims.outer_dvclose = number_at(l, 1, k);
      if (k == "OUTER_MAXIMUM") deck.ims.outer_maximum = static_cast<int>(integer_at(l, 1, k));
    }
  deck.notes.push_back("IMS: linear-solver settings (LINEAR block, under-relaxation, backtracking) are not "
                       "used; heads are converged to a tighter tolerance than OUTER_DVCLOSE = " +
                       std::to_string(deck.ims.outer_dvclose));
}

namespace {

void read_gwf_name_file(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      const std::string k = l.keyword();
      if (k == "NEWTON") {
        deck.newton = true;
        if (l.tokens.size() > 1 && l.tokens[1].upper() == "UNDER_RELAXATION") deck.newton_under_relaxation = true;
      } else if (!is_output_only_option(k)) {
        throw InputError(l.at(0), "GWF name file: unknown option '" + l.tokens[0].text + "'");
      }
    }
  const Block* pk = f.find("PACKAGES");
  if (pk == nullptr) throw InputError(InputPosition{path, 0, 0}, "GWF name file: missing PACKAGES block");
  struct Entry { std::string ftype, file, name; InputPosition at; };
  std::vector<Entry> entries;
  std::map<std::string, int> counts;
  for (const auto& l : pk->lines) {
    if (l.tokens.size() < 2) throw InputError(l.at(1), "GWF name file: expected 'FTYPE FILE [NAME]'");
    std::string ftype = l.keyword();
    if (ftype.size() > 1 && ftype.back() == '6') ftype.pop_back();
    const std::set<std::string> supported = {"DIS", "IC", "NPF", "STO", "OC", "OBS", "CHD", "WEL",
                                             "GHB", "RIV", "DRN", "RCH"};
    if (supported.count(ftype) == 0) refuse(l.at(0), "package " + l.tokens[0].text + " (supported: DIS6, IC6, "
                                                      "NPF6, STO6, OC6, OBS6, CHD6, WEL6, GHB6, RIV6, DRN6, RCH6)");
    const int count = ++counts[ftype];
    std::string name = l.tokens.size() > 2 ? to_upper(l.tokens[2].text) : ftype + "-" + std::to_string(count);
    entries.push_back({ftype, resolve_path(path, l.tokens[1].text), name, l.at(0)});
  }
  for (const char* required : {"DIS", "IC", "NPF"})
    if (counts[required] == 0) throw InputError(pk->at(), std::string("GWF name file: no ") + required + "6 package");
  auto file_of = [&](const std::string& t) {
    for (const auto& e : entries) if (e.ftype == t) return e.file;
    return std::string();
  };
  read_dis(file_of("DIS"), deck);
  read_ic(file_of("IC"), deck);
  read_npf(file_of("NPF"), deck);
  if (counts["STO"] > 0) read_sto(file_of("STO"), deck);
  for (const auto& e : entries)
    if (e.ftype == "CHD" || e.ftype == "WEL" || e.ftype == "GHB" || e.ftype == "RIV" || e.ftype == "DRN" ||
        e.ftype == "RCH")
      read_boundary_package(e.file, e.ftype, e.name, deck);
  if (counts["OC"] > 0) read_oc(file_of("OC"), deck);
  for (const auto& e : entries)
    if (e.ftype == "OBS") read_obs(e.file, -1, deck);
}

}  // namespace

Deck read_simulation(const std::string& mfsim_path) {
  Deck deck;
  deck.sim_dir = std::filesystem::path(mfsim_path).parent_path().string();
  const BlockFile f = read_block_file(mfsim_path);
  const Block* timing = f.find("TIMING");
  if (timing == nullptr) throw InputError(InputPosition{mfsim_path, 0, 0}, "simulation name file: missing TIMING block");
  std::string tdis;
  for (const auto& l : timing->lines) {
    if (l.keyword() == "TDIS6" && l.tokens.size() > 1) tdis = resolve_path(mfsim_path, l.tokens[1].text);
    else throw InputError(l.at(0), "simulation name file: expected 'TDIS6 <file>' in TIMING");
  }
  if (tdis.empty()) throw InputError(timing->at(), "simulation name file: TIMING names no TDIS6 file");
  const Block* models = f.find("MODELS");
  if (models == nullptr || models->lines.empty())
    throw InputError(InputPosition{mfsim_path, 0, 0}, "simulation name file: missing MODELS block");
  if (models->lines.size() > 1) refuse(models->lines[1].at(0), "more than one model in a simulation");
  const Line& m = models->lines.front();
  if (m.keyword() != "GWF6") refuse(m.at(0), "model type " + m.tokens[0].text + " (only GWF6)");
  if (m.tokens.size() < 3) throw InputError(m.at(1), "expected 'GWF6 <name file> <model name>'");
  deck.model_name = m.tokens[2].text;
  if (const Block* ex = f.find("EXCHANGES"))
    if (!ex->lines.empty()) refuse(ex->lines.front().at(0), "exchanges (" + ex->lines.front().tokens[0].text + ")");
  std::string ims;
  for (const Block* sg : f.all("SOLUTIONGROUP"))
    for (const auto& l : sg->lines) {
      if (l.keyword() == "MXITER") continue;
      if (l.keyword() != "IMS6") refuse(l.at(0), "solution type " + l.tokens[0].text + " (only IMS6)");
      if (l.tokens.size() > 1) ims = resolve_path(mfsim_path, l.tokens[1].text);
    }
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      const std::string k = l.keyword();
      if (k != "CONTINUE" && k != "NOCHECK" && k != "MEMORY_PRINT_OPTION" && k != "MAXERRORS" &&
          k != "PRINT_INPUT")
        refuse(l.at(0), "simulation option " + l.tokens[0].text);
    }
  read_tdis(tdis, deck);
  if (!ims.empty()) read_ims(ims, deck);
  read_gwf_name_file(resolve_path(mfsim_path, m.tokens[1].text), deck);
  if (deck.save_head.empty()) deck.save_head.assign(deck.periods.size(), SaveRule{});
  if (deck.save_budget.empty()) deck.save_budget.assign(deck.periods.size(), SaveRule{});
  return deck;
}

bool SaveRule::saves(int step, int nstp) const {
  switch (kind) {
    case SaveKind::kNone: return false;
    case SaveKind::kAll: return true;
    case SaveKind::kFirst: return step == 1;
    case SaveKind::kLast: return step == nstp;
    case SaveKind::kFrequency: return frequency > 0 && step % frequency == 0;
    case SaveKind::kSteps:
      for (int s : steps) if (s == step) return true;
      return false;
  }
  return false;
}

}  // namespace aquifer::mf6
