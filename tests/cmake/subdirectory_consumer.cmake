# ocop used from a parent project by add_subdirectory (tests/subdir-consumer): configure,
# build, run. It rebuilds the library, so it is labelled "heavy" (run by .ci/run, not by the
# README's fast test command). No build type (no optimisation): the test is about the CMake
# plumbing, and -O0 builds the library in about half the time of Release.
add_test(NAME subdirectory_consumer
  COMMAND "${CMAKE_COMMAND}" -E env "CXXFLAGS=" "${CMAKE_CTEST_COMMAND}"
          --build-and-test "${PROJECT_SOURCE_DIR}/tests/subdir-consumer"
          "${CMAKE_CURRENT_BINARY_DIR}/subdir-consumer"
          --build-generator "${CMAKE_GENERATOR}"
          --build-options "-DOCOP_SOURCE=${PROJECT_SOURCE_DIR}"
          --test-command "${CMAKE_CURRENT_BINARY_DIR}/subdir-consumer/consumer")
set_tests_properties(subdirectory_consumer PROPERTIES LABELS "heavy;package" TIMEOUT 1200)
