# Compile-time contracts of the public boundary (tests/contracts/): a dropped result<T> must
# not compile under -Werror=unused-result, and the same call used must compile (so the failure
# is the one checked, not a broken include).
set(ocop_contract "${CMAKE_CURRENT_LIST_DIR}/../contracts/ignored_result.cpp")
set(ocop_contract_flags -std=c++20 -fsyntax-only -Werror=unused-result
    "-I${PROJECT_SOURCE_DIR}/include")
add_test(NAME contract_result_used
         COMMAND "${CMAKE_CXX_COMPILER}" ${ocop_contract_flags} "${ocop_contract}")
add_test(NAME contract_result_ignored
         COMMAND "${CMAKE_CXX_COMPILER}" ${ocop_contract_flags} -DIGNORE "${ocop_contract}")
set_tests_properties(contract_result_used PROPERTIES LABELS "unit;core")
# GCC and Clang both name the flag in the diagnostic; exit status alone could be any error.
set_tests_properties(contract_result_ignored PROPERTIES LABELS "unit;core"
                     PASS_REGULAR_EXPRESSION "unused-result|nodiscard")

# The layers drawn in docs/architecture.md hold in the code: no file includes a header of a
# higher layer (tools/check-layers.py).
find_program(OCOP_PYTHON3_LAYERS python3)
if(OCOP_PYTHON3_LAYERS)
  add_test(NAME layers COMMAND "${OCOP_PYTHON3_LAYERS}" "${PROJECT_SOURCE_DIR}/tools/check-layers.py"
                               "${PROJECT_SOURCE_DIR}")
  set_tests_properties(layers PROPERTIES LABELS "unit;core")
endif()
