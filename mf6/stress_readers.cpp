// Boundary packages (CHD, WEL, GHB, RIV, DRN, RCH), output control and observations.
#include <algorithm>
#include <map>

#include "mf6/readers.hpp"

namespace aquifer::mf6 {

namespace {

struct ListOptions final {
  std::vector<std::string> aux;  // upper case
  bool boundnames = false;
  bool read_as_arrays = false;
  std::string obs_file;
};

std::size_t value_columns(PackageType t) {
  switch (t) {
    case PackageType::kChd: case PackageType::kWel: case PackageType::kRch: return 1;
    case PackageType::kGhb: case PackageType::kDrn: return 2;
    case PackageType::kRiv: return 3;
  }
  return 1;
}

PackageType type_of(const std::string& ftype) {
  static const std::map<std::string, PackageType> kTypes = {
      {"CHD", PackageType::kChd}, {"WEL", PackageType::kWel}, {"GHB", PackageType::kGhb},
      {"RIV", PackageType::kRiv}, {"DRN", PackageType::kDrn}, {"RCH", PackageType::kRch}};
  return kTypes.at(ftype);
}

ListOptions read_list_options(const BlockFile& f, const std::string& path, BoundaryPackage& pkg) {
  ListOptions o;
  std::string aux_mult;
  InputPosition aux_mult_at;
  if (const Block* b = f.find("OPTIONS"))
    for (const auto& l : b->lines) {
      const std::string k = l.keyword();
      refuse_time_series_options(l, pkg.ftype);
      if (k == "AUXILIARY" || k == "AUX") {
        for (std::size_t t = 1; t < l.tokens.size(); ++t) o.aux.push_back(l.tokens[t].upper());
      } else if (k == "AUXMULTNAME") {
        if (l.tokens.size() < 2) throw InputError(l.at(1), pkg.ftype + ": AUXMULTNAME needs a name");
        aux_mult = l.tokens[1].upper();
        aux_mult_at = l.at(1);
      } else if (k == "BOUNDNAMES") o.boundnames = true;
      else if (k == "READASARRAYS" && pkg.type == PackageType::kRch) o.read_as_arrays = true;
      else if (k == "FIXED_CELL" && pkg.type == PackageType::kRch) pkg.fixed_cell = true;
      else if (k == "AUTO_FLOW_REDUCE" && pkg.type == PackageType::kWel) {
        // MF6: a value <= 0 means the default interval, 0.1 of the cell thickness.
        pkg.flow_reduce = l.tokens.size() > 1 ? number_at(l, 1, "AUTO_FLOW_REDUCE") : 0.0;
        if (pkg.flow_reduce <= 0.0) pkg.flow_reduce = 0.1;
        pkg.auto_flow_reduce = true;
      } else if (k == "FLOW_REDUCTION_LENGTH" && pkg.type == PackageType::kWel) pkg.flow_reduce_length = true;
      else if (k == "AUTO_FLOW_REDUCE_CSV" && pkg.type == PackageType::kWel) continue;
      else if (k == "OBS6") {
        if (l.tokens.size() < 3 || l.tokens[1].upper() != "FILEIN")
          throw InputError(l.at(1), pkg.ftype + ": expected 'OBS6 FILEIN <file>'");
        o.obs_file = resolve_path(path, l.tokens[2].text);
      } else if (k == "MAXBOUND" || is_output_only_option(k)) {
        continue;
      } else {
        throw InputError(l.at(0), pkg.ftype + ": unknown option '" + l.tokens[0].text + "'");
      }
    }
  if (!aux_mult.empty()) {
    const auto it = std::find(o.aux.begin(), o.aux.end(), aux_mult);
    if (it == o.aux.end())
      throw InputError(aux_mult_at, pkg.ftype + ": AUXMULTNAME '" + aux_mult + "' is not an AUXILIARY variable");
    pkg.aux_multiplier = static_cast<int>(it - o.aux.begin());
  }
  return o;
}

std::size_t cell_node(const Line& l, const Grid& g, const std::string& what) {
  const long k = integer_at(l, 0, what + " layer"), i = integer_at(l, 1, what + " row"),
             j = integer_at(l, 2, what + " column");
  if (k < 1 || k > g.nlay || i < 1 || i > g.nrow || j < 1 || j > g.ncol)
    throw InputError(l.at(0), what + ": cell (" + std::to_string(k) + "," + std::to_string(i) + "," +
                                  std::to_string(j) + ") lies outside the " + std::to_string(g.nlay) + " x " +
                                  std::to_string(g.nrow) + " x " + std::to_string(g.ncol) + " grid");
  return g.node(static_cast<int>(k - 1), static_cast<int>(i - 1), static_cast<int>(j - 1));
}

BoundaryEntry read_list_row(const Line& l, const ListOptions& o, const BoundaryPackage& pkg, const Grid& g) {
  BoundaryEntry e;
  e.node = cell_node(l, g, pkg.ftype);
  const std::size_t nv = value_columns(pkg.type);
  for (std::size_t c = 0; c < nv + o.aux.size(); ++c) {
    const std::size_t t = 3 + c;
    if (t >= l.tokens.size())
      throw InputError(l.at(t), pkg.ftype + ": expected " + std::to_string(nv + o.aux.size()) +
                                    " values after the cell id, found " + std::to_string(c));
    double v = 0.0;
    if (!parse_double(l.tokens[t].text, v))
      refuse(l.at(t), pkg.ftype + ": '" + l.tokens[t].text + "' is not a number (time-series names are not "
                                  "supported)");
    (c < nv ? e.values : e.aux).push_back(v);
  }
  const std::size_t bn = 3 + nv + o.aux.size();
  if (o.boundnames && bn < l.tokens.size()) e.boundname = l.tokens[bn].upper();
  return e;
}

std::vector<BoundaryEntry> read_list_period(const Block& b, const ListOptions& o, const BoundaryPackage& pkg,
                                            const Grid& g) {
  std::vector<BoundaryEntry> out;
  for (const auto& l : b.lines) {
    if (l.keyword() == "OPEN/CLOSE") {
      if (l.tokens.size() < 2) throw InputError(l.at(1), pkg.ftype + ": OPEN/CLOSE needs a file name");
      for (std::size_t t = 2; t < l.tokens.size(); ++t)
        if (l.tokens[t].upper() == "(BINARY)") refuse(l.at(t), pkg.ftype + ": binary list input");
      for (const auto& fl : read_data_lines(resolve_path(l.file, l.tokens[1].text), l.at(1)))
        out.push_back(read_list_row(fl, o, pkg, g));
    } else {
      out.push_back(read_list_row(l, o, pkg, g));
    }
  }
  return out;
}

// READASARRAYS recharge: IRCH, RECHARGE and auxiliary arrays persist until replaced.
struct RechargeArrays final {
  std::vector<int> irch;
  std::vector<double> rate;
  std::vector<std::vector<double>> aux;
};

std::vector<BoundaryEntry> read_array_period(const Block& b, const ListOptions& o, RechargeArrays& r,
                                             const Grid& g) {
  const ArrayShape two_d{0, g.nrow, g.ncol};
  BlockCursor c{&b, 0};
  while (!c.done()) {
    const std::string k = c.line().keyword();
    if (k == "IRCH") r.irch = read_int_array(c, two_d);
    else if (k == "RECHARGE") r.rate = read_double_array(c, two_d);
    else if (k == "TIMEARRAYSERIES") refuse(c.line().at(0), "RCH: time-array series");
    else {
      const auto it = std::find(o.aux.begin(), o.aux.end(), k);
      if (it == o.aux.end()) throw InputError(c.line().at(0), "RCH: unknown array '" + c.line().tokens[0].text + "'");
      r.aux[static_cast<std::size_t>(it - o.aux.begin())] = read_double_array(c, two_d);
    }
  }
  std::vector<BoundaryEntry> out;
  const std::size_t per_layer = static_cast<std::size_t>(g.nrow) * g.ncol;
  for (std::size_t ij = 0; ij < per_layer; ++ij) {
    const int layer = r.irch.empty() ? 1 : r.irch[ij];
    if (layer < 1 || layer > g.nlay)
      throw InputError(b.at(), "RCH: IRCH value " + std::to_string(layer) + " is not a layer number");
    BoundaryEntry e;
    e.node = static_cast<std::size_t>(layer - 1) * per_layer + ij;
    e.values.push_back(r.rate.empty() ? 0.0 : r.rate[ij]);
    for (const auto& a : r.aux) e.aux.push_back(a.empty() ? 0.0 : a[ij]);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void read_boundary_package(const std::string& path, const std::string& ftype, const std::string& name,
                           Deck& deck) {
  const BlockFile f = read_block_file(path);
  BoundaryPackage pkg;
  pkg.type = type_of(ftype);
  pkg.ftype = ftype == "RCH" ? "RCH" : ftype;
  pkg.name = name;
  const ListOptions o = read_list_options(f, path, pkg);
  if (pkg.type == PackageType::kRch && o.read_as_arrays) pkg.ftype = "RCHA";
  RechargeArrays arrays;
  arrays.aux.resize(o.aux.size());
  pkg.periods.assign(deck.periods.size(), {});
  long last = 0;
  std::vector<BoundaryEntry> current;
  std::size_t next = 0;
  for (const Block* b : f.all("PERIOD")) {
    long iper = 0;
    if (b->header_args.empty() || !parse_int(b->header_args[0].text, iper))
      throw InputError(b->at(), pkg.ftype + ": BEGIN PERIOD needs a period number");
    if (iper <= last) throw InputError(b->at(), pkg.ftype + ": period numbers must increase");
    if (iper > static_cast<long>(deck.periods.size())) {
      deck.notes.push_back(pkg.name + ": PERIOD " + std::to_string(iper) + " lies after the last period; ignored");
      break;
    }
    for (; next < static_cast<std::size_t>(iper - 1); ++next) pkg.periods[next] = current;
    current = o.read_as_arrays ? read_array_period(*b, o, arrays, deck.grid)
                               : read_list_period(*b, o, pkg, deck.grid);
    last = iper;
  }
  for (; next < pkg.periods.size(); ++next) pkg.periods[next] = current;
  deck.packages.push_back(std::move(pkg));
  if (!o.obs_file.empty()) read_obs(o.obs_file, static_cast<int>(deck.packages.size()) - 1, deck);
}

namespace {

SaveRule parse_save_rule(const Line& l) {
  SaveRule r;
  const std::string how = l.tokens.size() > 2 ? l.tokens[2].upper() : "";
  if (how == "ALL") r.kind = SaveKind::kAll;
  else if (how == "FIRST") r.kind = SaveKind::kFirst;
  else if (how == "LAST") r.kind = SaveKind::kLast;
  else if (how == "FREQUENCY") {
    r.kind = SaveKind::kFrequency;
    r.frequency = static_cast<int>(integer_at(l, 3, "FREQUENCY"));
  } else if (how == "STEPS") {
    r.kind = SaveKind::kSteps;
    for (std::size_t t = 3; t < l.tokens.size(); ++t) r.steps.push_back(static_cast<int>(integer_at(l, t, "STEPS")));
  } else {
    throw InputError(l.at(2), "OC: expected ALL, FIRST, LAST, FREQUENCY or STEPS");
  }
  return r;
}

}  // namespace

void read_oc(const std::string& path, Deck& deck) {
  const BlockFile f = read_block_file(path);
  const std::size_t nper = deck.periods.size();
  deck.save_head.assign(nper, SaveRule{});
  deck.save_budget.assign(nper, SaveRule{});
  long last = 0;
  SaveRule head, budget;
  std::size_t next = 0;
  for (const Block* b : f.all("PERIOD")) {
    long iper = 0;
    if (b->header_args.empty() || !parse_int(b->header_args[0].text, iper) || iper <= last)
      throw InputError(b->at(), "OC: BEGIN PERIOD needs an increasing period number");
    if (iper > static_cast<long>(nper)) break;
    for (; next < static_cast<std::size_t>(iper - 1); ++next) {
      deck.save_head[next] = head;
      deck.save_budget[next] = budget;
    }
    head = SaveRule{};
    budget = SaveRule{};
    for (const auto& l : b->lines) {
      const std::string k = l.keyword();
      if (k != "SAVE" && k != "PRINT") throw InputError(l.at(0), "OC: expected SAVE or PRINT");
      if (l.tokens.size() < 3) throw InputError(l.at(1), "OC: expected '" + k + " HEAD|BUDGET <steps>'");
      const std::string what = l.tokens[1].upper();
      if (what != "HEAD" && what != "BUDGET" && what != "DRAWDOWN")
        throw InputError(l.at(1), "OC: expected HEAD or BUDGET");
      const SaveRule r = parse_save_rule(l);
      if (k == "SAVE" && what == "HEAD") head = r;
      if (k == "SAVE" && what == "BUDGET") budget = r;
    }
    last = iper;
  }
  for (; next < nper; ++next) {
    deck.save_head[next] = head;
    deck.save_budget[next] = budget;
  }
}

void read_obs(const std::string& path, int package, Deck& deck) {
  const BlockFile f = read_block_file(path);
  int digits = 5;
  if (const Block* o = f.find("OPTIONS"))
    for (const auto& l : o->lines)
      if (l.keyword() == "DIGITS") digits = static_cast<int>(integer_at(l, 1, "DIGITS"));
  for (const Block* b : f.all("CONTINUOUS")) {
    ObservationFile of;
    of.digits = digits;
    if (b->header_args.size() < 2 || b->header_args[0].upper() != "FILEOUT")
      throw InputError(b->at(), "OBS: expected 'BEGIN CONTINUOUS FILEOUT <file>'");
    of.file_name = b->header_args[1].text;
    if (b->header_args.size() > 2 && b->header_args[2].upper() == "BINARY")
      refuse(b->at(), "OBS: binary observation output");
    for (const auto& l : b->lines) {
      if (l.tokens.size() < 3) throw InputError(l.at(1), "OBS: expected '<name> <type> <cellid or boundname>'");
      Observation ob;
      ob.name = l.tokens[0].upper();
      ob.type = l.tokens[1].upper();
      ob.package = package;
      const bool model_obs = package < 0;
      if (model_obs && ob.type != "HEAD" && ob.type != "DRAWDOWN")
        refuse(l.at(1), "OBS: observation type " + l.tokens[1].text + " (HEAD and DRAWDOWN are supported)");
      if (!model_obs && ob.type != "WEL")
        refuse(l.at(1), "OBS: flow observation type " + l.tokens[1].text + " (only WEL flows are observed)");
      if (!model_obs && ob.type != deck.packages[static_cast<std::size_t>(package)].ftype &&
          !(ob.type == "RCH" && deck.packages[static_cast<std::size_t>(package)].type == PackageType::kRch))
        refuse(l.at(1), "OBS: observation type " + l.tokens[1].text + " for package " +
                            deck.packages[static_cast<std::size_t>(package)].name);
      long v = 0;
      if (!model_obs && !parse_int(l.tokens[2].text, v)) {
        ob.by_boundname = true;
        ob.boundname = l.tokens[2].upper();
      } else {
        Line cell = l;
        cell.tokens.erase(cell.tokens.begin(), cell.tokens.begin() + 2);
        ob.node = cell_node(cell, deck.grid, "OBS " + ob.name);
      }
      of.observations.push_back(std::move(ob));
    }
    deck.observations.push_back(std::move(of));
  }
}

}  // namespace aquifer::mf6
