// [[permits]], [[obligation_rules]] and [[credits]] as read from TOML, with the source position
// of every value that a later check (well ids, rule windows, record files) reports against.
// Internal to params/: scenario_reader_compliance.cpp fills it, compliance_builder.cpp turns
// it into ComplianceInputs.
#pragma once

#include <vector>

#include "params/compliance_inputs.hpp"
#include "params/problems.hpp"

namespace aquifer::params {

struct FileRef;
struct ScenarioSpec;
class TableReader;
class InputFiles;

struct PermitSpec final {
  Permit permit;  // holder, wells, plan date, baseline (records filled by the builder)
  SourcePos pos;
  SourcePos holder_pos, plan_pos;
  std::vector<SourcePos> well_pos;  // one per permit.wells entry
  bool wells_given = false;
  std::string metered_path;  // resolved; empty = none
  SourcePos metered_pos;
};

struct RuleSpec final {
  ObligationRule rule;
  SourcePos pos;
};

struct CreditSpec final {
  Credit credit;  // holder, kind, per_year_m3 (records filled by the builder)
  SourcePos pos;
  SourcePos holder_pos;
  std::string records_path;  // resolved; empty = none
  SourcePos records_pos;
  double m3_per_yen = 0.0;  // donations: conversion [m3/yen]; 0 for other kinds
};

struct ComplianceSpec final {
  std::vector<PermitSpec> permits;
  std::vector<RuleSpec> rules;
  std::vector<CreditSpec> credits;
};

// scenario_reader_compliance.cpp: reads the three array tables into spec.compliance_spec.
void read_obligations(const TableReader& root, ScenarioSpec& spec);

// compliance_builder.cpp: checks the permits against the wells and the rule windows, reads the
// metered and credit record files, and fills `out`. Problems go to files.problems().
void build_compliance(const ScenarioSpec& spec, InputFiles& files, ComplianceInputs& out);

}  // namespace aquifer::params
