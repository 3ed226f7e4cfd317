# The C API tests are C programs (tests/c/*.c): they prove ocop.h compiles as C11 and works
# from C. test_c_api.c (the deprecated first API) links the static library; test_c_api_v1.c
# (the current API: every call, equality with the CLI on examples/data/sample-national.jsonl)
# links libocop.so when OCOP_BUILD_SHARED is on. Also: only ocop_* symbols are exported from
# libocop.so, both programs run clean under valgrind, and examples/c-consumer builds against
# this build tree and prints what `ocop score` prints.
include(CheckLanguage)
check_language(C)
if(NOT CMAKE_C_COMPILER)
  add_test(NAME c_api COMMAND "${CMAKE_COMMAND}" -E echo "SKIP: no C compiler")
  set_tests_properties(c_api PROPERTIES LABELS "unit" SKIP_REGULAR_EXPRESSION "SKIP:")
  return()
endif()
enable_language(C)

set(ocop_c_tmp "${CMAKE_CURRENT_BINARY_DIR}/tmp/c_api")
file(MAKE_DIRECTORY "${ocop_c_tmp}")
set(ocop_c_sample "${PROJECT_SOURCE_DIR}/examples/data/sample-national.jsonl")
set(ocop_c_ruleset "${PROJECT_SOURCE_DIR}/src/rulesets/qd148-2023.json")

# CMake picks the C++ linker for the static library from ocop::ocop.
add_executable(ocop_test_c_api_c "${CMAKE_CURRENT_LIST_DIR}/../c/test_c_api.c")
target_link_libraries(ocop_test_c_api_c PRIVATE ocop::ocop)

add_executable(ocop_test_c_api_v1 "${CMAKE_CURRENT_LIST_DIR}/../c/test_c_api_v1.c")
if(TARGET ocop_c_shared)
  target_link_libraries(ocop_test_c_api_v1 PRIVATE ocop::ocop_c_shared)
else()
  target_link_libraries(ocop_test_c_api_v1 PRIVATE ocop::ocop)
endif()
add_dependencies(ocop_test_c_api_v1 ocop_cli)
# In a Clang sanitizer build libocop.so leaves the sanitizer runtime to the executable, and
# UBSan's C++ half (vptr checks) comes only with the C++ driver.
if(OCOP_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set_target_properties(ocop_test_c_api_v1 PROPERTIES LINKER_LANGUAGE CXX)
endif()

foreach(t ocop_test_c_api_c ocop_test_c_api_v1)
  set_target_properties(${t} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  ocop_set_warnings(${t})
endforeach()

add_test(NAME c_api COMMAND ocop_test_c_api_c "${ocop_c_ruleset}")
add_test(NAME c_api_v1 COMMAND ocop_test_c_api_v1 "$<TARGET_FILE:ocop_cli>" "${ocop_c_sample}"
                               "${ocop_c_ruleset}" "${ocop_c_tmp}/full")
file(MAKE_DIRECTORY "${ocop_c_tmp}/full" "${ocop_c_tmp}/valgrind")
set_tests_properties(c_api c_api_v1 PROPERTIES LABELS "unit;embedding" TIMEOUT 600)

if(TARGET ocop_c_shared)
  # Only the C API is exported; the test program really loads libocop.so.N.
  add_test(NAME c_api_shared_symbols
           COMMAND sh "${CMAKE_CURRENT_LIST_DIR}/../c/check_exports.sh"
                   "$<TARGET_FILE:ocop_c_shared>" "$<TARGET_FILE:ocop_test_c_api_v1>"
                   "${PROJECT_SOURCE_DIR}/include/ocop/ocop.h")
  set_tests_properties(c_api_shared_symbols PROPERTIES LABELS "unit;embedding")

  # examples/c-consumer against this build tree (find_package(ocop) from the build's export).
  add_test(NAME c_consumer
           COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${PROJECT_BINARY_DIR}
                   -DSOURCE=${PROJECT_SOURCE_DIR}/examples/c-consumer
                   -DWORK=${ocop_c_tmp}/c-consumer -DGENERATOR=${CMAKE_GENERATOR}
                   -DCLI=$<TARGET_FILE:ocop_cli> -DDATA=${ocop_c_sample}
                   -P "${CMAKE_CURRENT_LIST_DIR}/../c/c_consumer.cmake")
  # Label package: the consumer is built without -fsanitize, so it cannot load an instrumented
  # libocop.so (the sanitizer run leaves package tests out).
  set_tests_properties(c_consumer PROPERTIES LABELS "unit;embedding;package" TIMEOUT 300)
endif()

if(NOT OCOP_SANITIZE AND NOT OCOP_FUZZ)
  find_program(OCOP_VALGRIND_EXECUTABLE valgrind)
  if(OCOP_VALGRIND_EXECUTABLE)
    set(ocop_vg "${OCOP_VALGRIND_EXECUTABLE}" -q --error-exitcode=99 --leak-check=full
                --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)
    add_test(NAME valgrind_c_api COMMAND ${ocop_vg} $<TARGET_FILE:ocop_test_c_api_c> "${ocop_c_ruleset}")
    # 60 records of the sample: every call, every operation, streams at 1, 3, 5, 7 bytes.
    add_test(NAME valgrind_c_api_v1
             COMMAND ${ocop_vg} $<TARGET_FILE:ocop_test_c_api_v1> "$<TARGET_FILE:ocop_cli>"
                     "${ocop_c_sample}" "${ocop_c_ruleset}" "${ocop_c_tmp}/valgrind" 60)
    set_tests_properties(valgrind_c_api valgrind_c_api_v1 PROPERTIES LABELS "valgrind;heavy" TIMEOUT 900)
  endif()
endif()
