# The whole test suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
#
# Included from tests/CMakeLists.txt, this file adds the CTest test "sanitize" (label
# "sanitize") when OCOP_TEST_SANITIZE is ON (.ci/run turns it on after the fast suite). The
# test runs this same file in script mode: it configures <build>/sanitize from the same source
# with -DOCOP_SANITIZE=ON and Clang when installed (a second compiler beside GCC), builds it and
# runs its ctest without the labels sanitize (no recursion), fuzz and slow, and without the
# tests that cannot run under ASan or gain nothing from it: label no_sanitize, the package
# consumer (label package: a consumer built without -fsanitize cannot link the instrumented
# library), docs and browser tests, and the Python test (a non-instrumented interpreter cannot
# load an ASan library). Any sanitizer report fails the test that triggered it: the build uses
# -fno-sanitize-recover=all.

if(CMAKE_SCRIPT_MODE_FILE)
  foreach(v SOURCE BINARY CTEST CXX CC)
    if(NOT DEFINED ${v})
      message(FATAL_ERROR "sanitize.cmake: -D${v}=… is required")
    endif()
  endforeach()
  cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" -DOCOP_SANITIZE=ON
            -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC}
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_BUILD_TESTS=ON
            # -O1 and line tables only: a quarter faster to compile and a third the size of
            # -O2 -g, with the same reports (file:line in every frame). CI's time is bounded.
            "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
            "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
            -DOCOP_BUILD_BENCHMARKS=OFF -DOCOP_BUILD_DOCS=OFF
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the sanitizer build failed (${rc})")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY}" -j ${jobs} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the sanitizer build failed (${rc})")
  endif()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env
            "ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
            "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
            "LSAN_OPTIONS=suppressions=${SOURCE}/tests/lsan.supp"
            "${CTEST}" --test-dir "${BINARY}" --output-on-failure -j ${jobs}
            -LE "sanitize|fuzz|slow|no_sanitize|package|docs|browser"
            -E "^python$"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tests failed under the sanitizers (${rc})")
  endif()
  return()
endif()

# Only the ordinary build adds the test, and only on request (.ci/run asks for it): the
# sanitizer build itself must not recurse, and a plain `ctest` stays the fast suite.
option(OCOP_TEST_SANITIZE "Add the 'sanitize' test (a second, ASan+UBSan build of the suite)" OFF)
if(OCOP_SANITIZE OR NOT OCOP_TEST_SANITIZE)
  return()
endif()
# Clang when there is one: the suite then also builds with a second compiler (the main build
# is GCC's), and Clang compiles under ASan+UBSan about twice as fast as GCC (GCC's UBSan at
# -O1 triples the time of the largest files), which is most of the time of this test.
find_program(OCOP_SANITIZE_CXX NAMES clang++ clang++-14)
find_program(OCOP_SANITIZE_CC NAMES clang clang-14)
if(OCOP_SANITIZE_CXX AND OCOP_SANITIZE_CC)
  set(ocop_sanitize_compilers -DCXX=${OCOP_SANITIZE_CXX} -DCC=${OCOP_SANITIZE_CC})
else()
  enable_language(C)
  set(ocop_sanitize_compilers -DCXX=${CMAKE_CXX_COMPILER} -DCC=${CMAKE_C_COMPILER})
endif()
add_test(NAME sanitize
  COMMAND "${CMAKE_COMMAND}" -DSOURCE=${PROJECT_SOURCE_DIR} -DBINARY=${CMAKE_BINARY_DIR}/sanitize
          -DCTEST=${CMAKE_CTEST_COMMAND} ${ocop_sanitize_compilers} -P "${CMAKE_CURRENT_LIST_FILE}")
# The longest test: started first (COST), so the shorter heavy tests share the other core.
set_tests_properties(sanitize PROPERTIES LABELS "sanitize" TIMEOUT 3600 COST 100000)
