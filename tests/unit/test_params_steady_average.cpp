// Extension: [initial] steady_average = "365 d" (the initial steady state uses the stresses
// averaged over the first year: a dynamic-equilibrium start).
#include <catch2/catch.hpp>

#include "tests/unit/test_params_support.hpp"

namespace aquifer::params::test {

TEST_CASE("[initial] steady_average is read as a duration", "[params][initial]") {
  TempDir dir;
  const auto path = dir.write("scenario.toml", base_scenario() +
                                                   "[initial]\n"
                                                   "head = \"steady\"\n"
                                                   "steady_average = \"1 yr\"\n"
                                                   "[time]\nend = \"730 d\"\n");
  const LoadedScenario s = load_scenario(path);
  CHECK(s.model.time.initial_steady);
  CHECK(s.model.time.initial_steady_average_d == Approx(365.25));
}

TEST_CASE("[initial] steady_average needs head = steady and a duration >= 0", "[params][initial]") {
  TempDir dir;
  auto problems = problems_with(dir, base_scenario() +
                                         "[initial]\n"           // 17
                                         "head = 5.0\n"          // 18
                                         "steady_average = \"365 d\"\n");  // 19
  INFO(listing(problems));
  bool found = false;
  for (const auto& p : problems) found = found || (p.line == 19 && p.message.find("only applies") != std::string::npos);
  CHECK(found);
  problems = problems_with(dir, base_scenario() +
                                    "[initial]\n"
                                    "head = \"steady\"\n"
                                    "steady_average = \"-3 d\"\n");
  found = false;
  for (const auto& p : problems) found = found || p.line == 19;
  CHECK(found);
}

}  // namespace aquifer::params::test
