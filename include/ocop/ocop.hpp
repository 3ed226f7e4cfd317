#pragma once
/// @file ocop.hpp
/// @brief Umbrella header: everything a user of the library needs.

#include <ocop/batch.hpp>
#include <ocop/certificate.hpp>
#include <ocop/cohort.hpp>
#include <ocop/council.hpp>
#include <ocop/csv.hpp>
#include <ocop/date.hpp>
#include <ocop/diff.hpp>
#include <ocop/error.hpp>
#include <ocop/evaluation.hpp>
#include <ocop/evaluation_reader.hpp>
#include <ocop/export.hpp>
#include <ocop/generate.hpp>
#include <ocop/json_io.hpp>
#include <ocop/planner.hpp>
#include <ocop/range.hpp>
#include <ocop/record_scorer.hpp>
#include <ocop/registry.hpp>
#include <ocop/report.hpp>
#include <ocop/rescore.hpp>
#include <ocop/result_json.hpp>
#include <ocop/ruleset.hpp>
#include <ocop/ruleset_document.hpp>
#include <ocop/schema.hpp>
#include <ocop/scoring.hpp>
#include <ocop/types.hpp>
#include <ocop/version.hpp>
