// DIS, IC, NPF and STO: the grid and its cell properties.
#include <cmath>

#include "mf6/readers.hpp"

namespace aquifer::mf6 {

namespace {

ArrayShape shape3(const Grid& g) { return {g.nlay, g.nrow, g.ncol}; }

const Block& required_block(const BlockFile& f, const std::string& name, const std::string& package) {
  const Block* b = f.find(name);
  if (b == nullptr) throw InputError(InputPosition{f.path, 0, 0}, package + ": missing " + name + " block");
  return *b;
}

// Calls `on_array` for every array-name line of a GRIDDATA block; it must read the array.
template <typename F>
void for_each_array(const Block& block, F&& on_array) {
  BlockCursor c{&block, 0};
  while (!c.done()) {
    const std::size_t before = c.index;
    on_array(c, c.line().keyword());
    if (c.index == before) ++c.index;
  }
}

}  // namespace

void read_dis(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  Grid& g = deck.grid;
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      const std::string k = l.keyword();
      if (k == "LENGTH_UNITS" && l.tokens.size() > 1) g.length_units = l.tokens[1].upper();
      else if (k == "XORIGIN") g.xorigin = number_at(l, 1, "XORIGIN");
      else if (k == "YORIGIN") g.yorigin = number_at(l, 1, "YORIGIN");
      else if (k == "ANGROT") g.angrot = number_at(l, 1, "ANGROT");
      else if (!is_output_only_option(k) && k != "CRS")
        throw InputError(l.at(0), "DIS: unknown option '" + l.tokens[0].text + "'");
    }
  for (const auto& l : required_block(f, "DIMENSIONS", "DIS").lines) {
    const std::string k = l.keyword();
    if (k == "NLAY") g.nlay = static_cast<int>(integer_at(l, 1, "NLAY"));
    else if (k == "NROW") g.nrow = static_cast<int>(integer_at(l, 1, "NROW"));
    else if (k == "NCOL") g.ncol = static_cast<int>(integer_at(l, 1, "NCOL"));
    else throw InputError(l.at(0), "DIS: unknown dimension '" + l.tokens[0].text + "'; expected NLAY, NROW, NCOL");
  }
  if (g.nlay < 1 || g.nrow < 1 || g.ncol < 1)
    throw InputError(InputPosition{path, 0, 0}, "DIS: NLAY, NROW and NCOL must all be given and at least 1");
  g.idomain.assign(g.cells(), 1);
  for_each_array(required_block(f, "GRIDDATA", "DIS"), [&](BlockCursor& c, const std::string& k) {
    if (k == "DELR") g.delr = read_double_array(c, {0, 0, g.ncol});
    else if (k == "DELC") g.delc = read_double_array(c, {0, 0, g.nrow});
    else if (k == "TOP") g.top = read_double_array(c, {0, g.nrow, g.ncol});
    else if (k == "BOTM") g.botm = read_double_array(c, shape3(g));
    else if (k == "IDOMAIN") g.idomain = read_int_array(c, shape3(g));
    else throw InputError(c.line().at(0), "DIS: unknown array '" + c.line().tokens[0].text + "'");
  });
  if (g.delr.empty() || g.delc.empty() || g.top.empty() || g.botm.empty())
    throw InputError(InputPosition{path, 0, 0}, "DIS: DELR, DELC, TOP and BOTM are all required");
  for (std::size_t n = 0; n < g.cells(); ++n) {
    if (g.idomain[n] < 0)
      refuse(InputPosition{path, 0, 0}, "DIS: IDOMAIN < 0 (vertical pass-through cells)");
    if (g.idomain[n] > 0 && g.cell_top(n) < g.botm[n])
      throw InputError(InputPosition{path, 0, 0}, "DIS: cell " + std::to_string(n + 1) +
                                                      " has its bottom above its top");
  }
}

void read_ic(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  for_each_array(required_block(f, "GRIDDATA", "IC"), [&](BlockCursor& c, const std::string& k) {
    if (k == "STRT") deck.strt = read_double_array(c, shape3(deck.grid));
    else throw InputError(c.line().at(0), "IC: unknown array '" + c.line().tokens[0].text + "'");
  });
  if (deck.strt.empty()) deck.strt.assign(deck.grid.cells(), 1.0);  // MF6's default STRT
}

void read_npf(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  Npf& p = deck.npf;
  bool k22_over_k = false, k33_over_k = false;
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      const std::string k = l.keyword();
      if (k == "PERCHED") p.perched = true;
      else if (k == "VARIABLECV") {
        p.variable_cv = true;
        p.dewatered = l.tokens.size() > 1 && l.tokens[1].upper() == "DEWATERED";
      } else if (k == "THICKSTRT") p.thickstrt = true;
      else if (k == "K22OVERK") k22_over_k = true;
      else if (k == "K33OVERK") k33_over_k = true;
      else if (k == "REWET") {
        p.rewet = true;
        for (std::size_t t = 1; t + 1 < l.tokens.size(); t += 2) {
          const std::string key = l.tokens[t].upper();
          if (key == "WETFCT") p.wetfct = number_at(l, t + 1, "WETFCT");
          else if (key == "IWETIT") p.iwetit = static_cast<int>(integer_at(l, t + 1, "IWETIT"));
          else if (key == "IHDWET") p.ihdwet = static_cast<int>(integer_at(l, t + 1, "IHDWET"));
        }
        if (p.iwetit < 1) p.iwetit = 1;
      } else if (k == "ALTERNATIVE_CELL_AVERAGING") {
        const std::string m = l.tokens.size() > 1 ? l.tokens[1].upper() : "";
        if (m == "LOGARITHMIC") p.cell_averaging = 1;
        else if (m == "AMT-LMK") p.cell_averaging = 2;
        else if (m == "AMT-HMK") p.cell_averaging = 3;
        else refuse(l.at(1), "NPF: ALTERNATIVE_CELL_AVERAGING " + m);
      } else if (k == "XT3D" || k == "TVK6" || k == "DEV_MODFLOWUSG_UPSTREAM_WEIGHTED_SATURATION" ||
                 k == "DEV_MODFLOWNWT_UPSTREAM_WEIGHTING" || k == "DEV_OMEGA" || k == "HNOFLO" || k == "HDRY") {
        refuse(l.at(0), "NPF option " + l.tokens[0].text);
      } else if (!is_output_only_option(k)) {
        throw InputError(l.at(0), "NPF: unknown option '" + l.tokens[0].text + "'");
      }
    }
  const Grid& g = deck.grid;
  for_each_array(required_block(f, "GRIDDATA", "NPF"), [&](BlockCursor& c, const std::string& k) {
    if (k == "ICELLTYPE") p.icelltype = read_int_array(c, shape3(g));
    else if (k == "K") p.k11 = read_double_array(c, shape3(g));
    else if (k == "K22") p.k22 = read_double_array(c, shape3(g));
    else if (k == "K33") p.k33 = read_double_array(c, shape3(g));
    else if (k == "WETDRY") p.wetdry = read_double_array(c, shape3(g));
    else if (k == "ANGLE1" || k == "ANGLE2" || k == "ANGLE3") {
      const auto a = read_double_array(c, shape3(g));
      for (double v : a)
        if (v != 0.0) refuse(InputPosition{path, 0, 0}, "NPF: rotated anisotropy (non-zero " + k + ")");
    } else throw InputError(c.line().at(0), "NPF: unknown array '" + c.line().tokens[0].text + "'");
  });
  if (p.k11.empty()) throw InputError(InputPosition{path, 0, 0}, "NPF: the K array is required");
  if (p.icelltype.empty()) p.icelltype.assign(g.cells(), 0);
  if (p.k22.empty()) p.k22 = p.k11;
  else if (k22_over_k) for (std::size_t n = 0; n < p.k22.size(); ++n) p.k22[n] *= p.k11[n];
  if (p.k33.empty()) p.k33 = p.k11;
  else if (k33_over_k) for (std::size_t n = 0; n < p.k33.size(); ++n) p.k33[n] *= p.k11[n];
  if (p.wetdry.empty()) p.wetdry.assign(g.cells(), 0.0);
  if (!p.rewet) std::fill(p.wetdry.begin(), p.wetdry.end(), 0.0);
  if (!p.thickstrt)
    for (auto& t : p.icelltype) if (t < 0) t = 1;
}

void read_sto(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  Sto& s = deck.sto;
  s.present = true;
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines) {
      const std::string k = l.keyword();
      if (k == "STORAGECOEFFICIENT") s.storage_coefficient = true;
      else if (k == "SS_CONFINED_ONLY") s.ss_confined_only = true;
      else if (k == "TVS6" || k == "SS_ORIGINAL" || k == "DEV_ORIGINAL_SPECIFIC_STORAGE")
        refuse(l.at(0), "STO option " + l.tokens[0].text);
      else if (!is_output_only_option(k))
        throw InputError(l.at(0), "STO: unknown option '" + l.tokens[0].text + "'");
    }
  const Grid& g = deck.grid;
  if (const Block* gd = f.find("GRIDDATA"))
    for_each_array(*gd, [&](BlockCursor& c, const std::string& k) {
      if (k == "ICONVERT") s.iconvert = read_int_array(c, shape3(g));
      else if (k == "SS") s.ss = read_double_array(c, shape3(g));
      else if (k == "SY") s.sy = read_double_array(c, shape3(g));
      else throw InputError(c.line().at(0), "STO: unknown array '" + c.line().tokens[0].text + "'");
    });
  if (s.iconvert.empty()) s.iconvert.assign(g.cells(), 0);
  if (s.ss.empty()) s.ss.assign(g.cells(), 1e-5);   // MF6 defaults
  if (s.sy.empty()) s.sy.assign(g.cells(), 0.15);
  // Each PERIOD block sets STEADY-STATE or TRANSIENT until the next block; transient by default.
  s.steady.assign(deck.periods.size(), false);
  int last = 0;
  for (const Block* b : f.all("PERIOD")) {
    if (b->header_args.empty()) throw InputError(b->at(), "STO: BEGIN PERIOD needs a period number");
    long iper = 0;
    if (!parse_int(b->header_args[0].text, iper) || iper <= last || iper > static_cast<long>(deck.periods.size()))
      throw InputError(b->at(), "STO: period number must increase and lie within 1..NPER");
    bool steady = false;
    for (const auto& l : b->lines) {
      if (l.keyword() == "STEADY-STATE") steady = true;
      else if (l.keyword() == "TRANSIENT") steady = false;
      else throw InputError(l.at(0), "STO: expected STEADY-STATE or TRANSIENT");
    }
    for (std::size_t p = static_cast<std::size_t>(iper - 1); p < s.steady.size(); ++p) s.steady[p] = steady;
    last = static_cast<int>(iper);
  }
}

}  // namespace aquifer::mf6
