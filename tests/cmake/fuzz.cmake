# libFuzzer harnesses (tests/fuzz/fuzz_*.cpp). Opt-in, and only with an explicit time: the
# tests exist only when OCOP_FUZZ_SECONDS is set (> 0), so a plain `ctest` never starts a
# clang rebuild. Run them with
#   cmake -B build -DOCOP_FUZZ_SECONDS=600 && ctest --test-dir build -L fuzz --output-on-failure
# The main build uses GCC, so the "fuzz_build" test configures a separate clang build of the
# same source in <build>/fuzz (-DOCOP_FUZZ=ON) and each fuzz_<harness> test runs one harness
# for OCOP_FUZZ_SECONDS on its seed corpus (tests/fuzz/corpus/<harness>); new inputs go to
# <build>/fuzz/corpus/<harness>, crashes to <build>/fuzz/artifacts/.
option(OCOP_FUZZ "Build the libFuzzer harnesses (requires clang)" OFF)
set(OCOP_FUZZ_SECONDS 0 CACHE STRING "Seconds each harness runs in the fuzz tests (0: no fuzz tests)")

file(GLOB ocop_fuzz_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_*.cpp")

if(OCOP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OCOP_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # Coverage feedback from the library; clang may warn where GCC does not: not an error here.
  foreach(lib IN LISTS ocop_library_targets)
    target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -Wno-error)
  endforeach()
  foreach(src IN LISTS ocop_fuzz_sources)
    get_filename_component(name "${src}" NAME_WE)
    add_executable(ocop_${name} "${src}")
    target_link_libraries(ocop_${name} PRIVATE ocop::ocop)
    target_compile_options(ocop_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(ocop_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  endforeach()
  return()
endif()

if(OCOP_SANITIZE OR NOT OCOP_FUZZ_SECONDS GREATER 0)
  return() # the sanitizer build runs the ordinary suite only; no time given: no fuzz tests
endif()

find_program(OCOP_CLANGXX NAMES clang++ clang++-14)
if(NOT OCOP_CLANGXX)
  message(STATUS "clang++ not found: fuzz tests not added")
  return()
endif()

set(ocop_fuzz_dir "${CMAKE_BINARY_DIR}/fuzz")
set(ocop_fuzz_targets "")
set(ocop_fuzz_names "")
foreach(src IN LISTS ocop_fuzz_sources)
  get_filename_component(name "${src}" NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" harness "${name}")
  list(APPEND ocop_fuzz_targets "ocop_${name}")
  list(APPEND ocop_fuzz_names "${harness}")
endforeach()
string(REPLACE ";" "," ocop_fuzz_targets_csv "${ocop_fuzz_targets}")
string(REPLACE ";" "," ocop_fuzz_names_csv "${ocop_fuzz_names}")

add_test(NAME fuzz_build
  COMMAND "${CMAKE_COMMAND}" -DSOURCE=${PROJECT_SOURCE_DIR} -DBINARY=${ocop_fuzz_dir}
          -DCXX=${OCOP_CLANGXX} -DTARGETS=${ocop_fuzz_targets_csv}
          -DHARNESSES=${ocop_fuzz_names_csv}
          -P "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/build.cmake")
set_tests_properties(fuzz_build PROPERTIES LABELS "fuzz" FIXTURES_SETUP ocop_fuzz_build
                     TIMEOUT 1800)

foreach(harness IN LISTS ocop_fuzz_names)
  # Through "cmake -E env": the harness does not exist until fuzz_build has run.
  add_test(NAME fuzz_${harness}
    COMMAND "${CMAKE_COMMAND}" -E env "ASAN_OPTIONS=detect_leaks=1"
            "${ocop_fuzz_dir}/tests/ocop_fuzz_${harness}"
            -max_total_time=${OCOP_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048
            -print_final_stats=1 -artifact_prefix=${ocop_fuzz_dir}/artifacts/${harness}-
            "${ocop_fuzz_dir}/corpus/${harness}"
            "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${harness}")
  set_tests_properties(fuzz_${harness} PROPERTIES LABELS "fuzz"
                       FIXTURES_REQUIRED ocop_fuzz_build
                       TIMEOUT 0)
endforeach()
