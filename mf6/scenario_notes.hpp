// What `aquifer import-mf6` translated and what it left out: the header comment of the
// written scenario.toml and its IMPORT-NOTES.md.
#pragma once

#include <string>

#include "mf6/deck.hpp"
#include "mf6/to_model.hpp"

namespace aquifer::mf6 {

// "# ..." lines: the source deck, every MF6 option translated (and into which key) and every
// one ignored.
[[nodiscard]] std::string header_comment(const Deck& deck, const Translation& t, const std::string& source);
// IMPORT-NOTES.md: the same lists in Markdown, and how to run the scenario.
[[nodiscard]] std::string import_notes(const Deck& deck, const Translation& t, const std::string& source);

}  // namespace aquifer::mf6
