#pragma once
/// @file schema.hpp
/// @brief JSON Schema (draft 2020-12) of the evaluation input for one sheet, generated from
/// the compiled sheet, for web forms in other languages. See docs/schema.md.

#include <ocop/ruleset.hpp>

#include <boost/json/value.hpp>

#include <string>

namespace ocop {

/// The JSON Schema of an evaluation of sheet `sh` of ruleset `rs`: each criterion id an
/// enum of its option points, or `{"option": k}`, or true/false when binary; every
/// criterion outside choose-one groups required, exactly one case per choose-one group
/// (`oneOf`), `dossier_rejected` described with the sheet's printed rejection conditions,
/// `knockouts` an enum of the declarable codes; answers may be incomplete once a knock-out
/// is declared or the dossier rejected, as the parser accepts.
boost::json::value evaluation_schema(const ruleset& rs, const compiled_sheet& sh);

/// The schema as indented JSON text (two spaces, final newline).
std::string evaluation_schema_text(const ruleset& rs, const compiled_sheet& sh);

} // namespace ocop
