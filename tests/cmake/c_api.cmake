# The C API test is a C program (tests/c/test_c_api.c): it proves ocop.h compiles as C and
# links against the C++ library (CMake picks the C++ linker from ocop::ocop).
include(CheckLanguage)
check_language(C)
if(CMAKE_C_COMPILER)
  enable_language(C)
  add_executable(ocop_test_c_api_c "${CMAKE_CURRENT_LIST_DIR}/../c/test_c_api.c")
  set_target_properties(ocop_test_c_api_c PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON
                                                     C_EXTENSIONS OFF)
  target_link_libraries(ocop_test_c_api_c PRIVATE ocop::ocop)
  ocop_set_warnings(ocop_test_c_api_c)
  add_test(NAME c_api COMMAND ocop_test_c_api_c "${PROJECT_SOURCE_DIR}/src/rulesets/qd148-2023.json")
  set_tests_properties(c_api PROPERTIES LABELS "unit")
else()
  add_test(NAME c_api COMMAND "${CMAKE_COMMAND}" -E echo "SKIP: no C compiler")
  set_tests_properties(c_api PROPERTIES LABELS "unit" SKIP_REGULAR_EXPRESSION "SKIP:")
endif()
