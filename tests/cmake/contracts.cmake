# Compile-time contracts of the public boundary (tests/contracts/). Each file compiles as is
# (so a failure is the one checked, not a broken include) and must not compile with one of its
# macros defined; the compiler must name the rule that refused it.
set(ocop_contract_flags -std=c++20 -fsyntax-only -Werror=unused-result
    "-I${PROJECT_SOURCE_DIR}/include" ${Boost_INCLUDE_DIRS})

# ocop_contract(<file> <name> <regex> <macro>...): test <name>_compiles, and one test
# <name>_<macro> per macro that passes when the compiler refuses the file and says <regex>.
function(ocop_contract file name regex)
  set(src "${CMAKE_CURRENT_LIST_DIR}/../contracts/${file}")
  add_test(NAME contract_${name}_compiles COMMAND "${CMAKE_CXX_COMPILER}" ${ocop_contract_flags}
                                                  "${src}")
  set_tests_properties(contract_${name}_compiles PROPERTIES LABELS "unit;core")
  foreach(macro IN LISTS ARGN)
    string(TOLOWER "${macro}" lower)
    add_test(NAME contract_${name}_${lower} COMMAND "${CMAKE_CXX_COMPILER}" ${ocop_contract_flags}
                                                     -D${macro} "${src}")
    # Exit status alone could be any error: the diagnostic must name the rule.
    set_tests_properties(contract_${name}_${lower} PROPERTIES LABELS "unit;core"
                         PASS_REGULAR_EXPRESSION "${regex}")
  endforeach()
endfunction()

# A dropped result<T> does not compile under -Werror=unused-result.
ocop_contract(ignored_result.cpp result "unused-result|nodiscard" IGNORE)
# A result cannot borrow a temporary evaluation (deleted rvalue overloads).
ocop_contract(temporary_evaluation.cpp borrow "deleted" SCORE_TEMPORARY REVIEW_TEMPORARY
              INTO_TEMPORARY)
# The compiled tables are not in the public headers: a consumer reads sheets through views.
ocop_contract(table_layout.cpp layout "incomplete" LAYOUT)
# The text interface needs no Boost.JSON: its header brings none in.
ocop_contract(text_boundary.cpp text "boost::json|has not been declared|undeclared" TYPED)

# The layers drawn in docs/architecture.md hold in the code: no file includes a header of a
# higher layer (tools/check-layers.py).
find_program(OCOP_PYTHON3_LAYERS python3)
if(OCOP_PYTHON3_LAYERS)
  add_test(NAME layers COMMAND "${OCOP_PYTHON3_LAYERS}" "${PROJECT_SOURCE_DIR}/tools/check-layers.py"
                               "${PROJECT_SOURCE_DIR}")
  set_tests_properties(layers PROPERTIES LABELS "unit;core")
endif()
