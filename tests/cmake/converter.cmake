# The built-in rulesets are reproducible: re-running tools/convert_shared.py on ../shared/ocop
# gives the committed files byte for byte.
find_program(OCOP_PYTHON3 python3)
set(ocop_shared "${PROJECT_SOURCE_DIR}/../shared/ocop")
if(OCOP_PYTHON3 AND EXISTS "${ocop_shared}/qd26-2026-sheets.json")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/converted")
  add_test(NAME converter_reproduces_rulesets
    COMMAND sh -c "'${OCOP_PYTHON3}' '${PROJECT_SOURCE_DIR}/tools/convert_shared.py' '${ocop_shared}' '${out}' >/dev/null && for f in qd1048-2019 qd148-2023 qd26-2026; do cmp '${out}/'$f.json '${PROJECT_SOURCE_DIR}/src/rulesets/'$f.json || exit 1; done")
  set_tests_properties(converter_reproduces_rulesets PROPERTIES LABELS "unit")
endif()
