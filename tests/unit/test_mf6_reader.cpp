// mf6/ reader rules (MF6 input/output guide): comments, case-insensitivity, array forms,
// lists with boundnames and auxiliary columns, period carry-over, refusals.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "mf6/array_reader.hpp"
#include "mf6/block_file.hpp"
#include "mf6/deck.hpp"
#include "mf6/input_error.hpp"

namespace fs = std::filesystem;
using namespace aquifer::mf6;

namespace {

struct TempDeck {
  fs::path dir;
  explicit TempDeck(const std::string& name) : dir(fs::temp_directory_path() / ("aquifer_mf6_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDeck() { fs::remove_all(dir); }
  std::string write(const std::string& file, const std::string& text) const {
    std::ofstream(dir / file) << text;
    return (dir / file).string();
  }
};

// A 1 x 2 x 3 model with the given extra name-file lines and files.
std::string small_deck(const TempDeck& d, const std::string& packages, int nper = 1) {
  d.write("mfsim.nam",
          "# comment\nBEGIN options\nEND options\nbegin timing\n  tdis6 sim.tdis\nend timing\n"
          "BEGIN MODELS\n  gwf6 m.nam M\nEND MODELS\nBEGIN EXCHANGES\nEND EXCHANGES\n"
          "BEGIN SOLUTIONGROUP 1\n  IMS6 m.ims M\nEND SOLUTIONGROUP\n");
  std::string per;
  for (int i = 0; i < nper; ++i) per += "  1.0 1 1.0\n";
  d.write("sim.tdis", "BEGIN OPTIONS\n TIME_UNITS days\nEND OPTIONS\nBEGIN DIMENSIONS\n NPER " + std::to_string(nper) +
                          "\nEND DIMENSIONS\nBEGIN PERIODDATA\n" + per + "END PERIODDATA\n");
  d.write("m.ims", "BEGIN NONLINEAR\n OUTER_DVCLOSE 1e-6\nEND NONLINEAR\n");
  d.write("m.dis", "BEGIN DIMENSIONS\n NLAY 1\n NROW 2\n NCOL 3\nEND DIMENSIONS\nBEGIN GRIDDATA\n delr\n"
                   "  CONSTANT 10.\n DELC\n  constant 10.\n top\n  constant 10.\n botm\n  constant 0.\nEND GRIDDATA\n");
  d.write("m.ic", "BEGIN GRIDDATA\n strt\n  constant 5.\nEND GRIDDATA\n");
  d.write("m.npf", "BEGIN GRIDDATA\n icelltype\n  constant 0\n k\n  constant 1.\nEND GRIDDATA\n");
  d.write("m.nam", "BEGIN PACKAGES\n DIS6 m.dis\n IC6 m.ic\n NPF6 m.npf\n" + packages + "END PACKAGES\n");
  return (d.dir / "mfsim.nam").string();
}

}  // namespace

TEST_CASE("mf6 tokens: comments, separators, quotes, case", "[mf6][reader]") {
  CHECK(tokenize("  # a comment").empty());
  CHECK(tokenize("! also").empty());
  CHECK(tokenize("// and this").empty());
  const auto t = tokenize("Begin  period,1\t'two words'");
  REQUIRE(t.size() == 4);
  CHECK(t[0].upper() == "BEGIN");
  CHECK(t[2].text == "1");
  CHECK(t[3].text == "two words");
  double v = 0.0;
  CHECK(parse_double("1.E00", v));
  CHECK(v == 1.0);
  CHECK(parse_double("1d-3", v));
  CHECK(v == Approx(1e-3));
  CHECK_FALSE(parse_double("abc", v));
}

TEST_CASE("mf6 arrays: CONSTANT, INTERNAL FACTOR, repeats, LAYERED, OPEN/CLOSE text and binary", "[mf6][reader]") {
  TempDeck d("arrays");
  d.write("vals.txt", "1 2 3\n4 5 6\n");
  {  // binary layer: MF6 header (kstp, kper, pertim, totim, text, ncol, nrow, ilay) then float64
    std::ofstream b(d.dir / "vals.bin", std::ios::binary);
    const std::int32_t one = 1, ncol = 3, nrow = 2;
    const double zero = 0.0;
    b.write(reinterpret_cast<const char*>(&one), 4).write(reinterpret_cast<const char*>(&one), 4);
    b.write(reinterpret_cast<const char*>(&zero), 8).write(reinterpret_cast<const char*>(&zero), 8);
    b.write("            HEAD", 16);
    b.write(reinterpret_cast<const char*>(&ncol), 4).write(reinterpret_cast<const char*>(&nrow), 4);
    b.write(reinterpret_cast<const char*>(&one), 4);
    for (double x : {7.0, 8.0, 9.0, 10.0, 11.0, 12.0}) b.write(reinterpret_cast<const char*>(&x), 8);
  }
  const auto path = d.write("a.txt",
                            "BEGIN GRIDDATA\n"
                            " k\n  CONSTANT 2.5\n"
                            " k\n  INTERNAL FACTOR 2.0 IPRN 1\n  3*1. 2\n  1 1 1\n"
                            " K LAYERED\n  constant 1.\n  internal\n  1 2 3  row 1 comment\n  4 5 6\n"
                            " k\n  OPEN/CLOSE vals.txt FACTOR 10\n"
                            " k\n  open/close vals.bin (BINARY)\n"
                            "END GRIDDATA\n");
  const auto file = read_block_file(path);
  BlockCursor c{file.find("GRIDDATA"), 0};
  const ArrayShape two_d{0, 2, 3};
  CHECK(read_double_array(c, two_d) == std::vector<double>(6, 2.5));
  CHECK(read_double_array(c, two_d) == std::vector<double>{2, 2, 2, 2, 2, 2});
  const auto layered = read_double_array(c, ArrayShape{2, 2, 3});
  CHECK(layered == std::vector<double>{1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6});
  CHECK(read_double_array(c, two_d) == std::vector<double>{10, 20, 30, 40, 50, 60});
  CHECK(read_double_array(c, two_d) == std::vector<double>{7, 8, 9, 10, 11, 12});
  CHECK(c.done());
}

TEST_CASE("mf6 lists: boundnames, auxiliary multiplier, period carry-over", "[mf6][reader]") {
  TempDeck d("lists");
  d.write("m.ghb",
          "BEGIN OPTIONS\n AUXILIARY mult other\n AUXMULTNAME mult\n BOUNDNAMES\nEND OPTIONS\n"
          "BEGIN DIMENSIONS\n MAXBOUND 2\nEND DIMENSIONS\n"
          "begin period 2\n  1 1 1  4.0 10.0  0.5 9  east_edge\n  1 2 3 6.0 20.0 1.0 9\nend period\n"
          "BEGIN PERIOD 4\nEND PERIOD\n");
  const auto deck = read_simulation(small_deck(d, " GHB6 m.ghb\n", 5));
  REQUIRE(deck.packages.size() == 1);
  const auto& p = deck.packages[0];
  CHECK(p.aux_multiplier == 0);
  CHECK(p.periods[0].empty());      // before the first PERIOD block: nothing
  REQUIRE(p.periods[1].size() == 2);
  CHECK(p.periods[1][0].boundname == "EAST_EDGE");
  CHECK(p.periods[1][0].node == 0);
  CHECK(p.periods[1][1].node == 5);
  CHECK(p.periods[1][0].values == std::vector<double>{4.0, 10.0});
  CHECK(p.periods[1][0].aux == std::vector<double>{0.5, 9.0});
  CHECK(p.periods[2].size() == 2);  // carried over
  CHECK(p.periods[3].empty());      // an empty block removes them
  CHECK(p.periods[4].empty());
}

TEST_CASE("mf6 refusals: unsupported packages and grids name the file and line", "[mf6][reader]") {
  TempDeck d("refuse");
  const auto sim = small_deck(d, " UZF6 m.uzf\n");
  try {
    (void)read_simulation(sim);
    FAIL("UZF6 was accepted");
  } catch (const UnsupportedFeature& e) {
    CHECK(std::string(e.what()).find("m.nam:5") != std::string::npos);
    CHECK(std::string(e.what()).find("UZF6") != std::string::npos);
  }
  d.write("m.nam", "BEGIN PACKAGES\n DISV6 m.disv\n IC6 m.ic\n NPF6 m.npf\nEND PACKAGES\n");
  CHECK_THROWS_AS(read_simulation(sim), UnsupportedFeature);
  d.write("m.nam", "BEGIN PACKAGES\n DIS6 m.dis\n IC6 m.ic\n NPF6 m.npf\nEND PACKAGE\n");
  CHECK_THROWS_AS(read_simulation(sim), InputError);  // END does not match BEGIN
}
