# CTest `every_option` (label `cli`): every option of every command, as its --help lists it,
# run at least once on valid input, each value of a choice option included
# (tests/python/every_option.py); an option the script cannot run fails the test.
find_program(OCOP_EVERY_OPTION_PYTHON3 python3)
if(OCOP_EVERY_OPTION_PYTHON3)
  add_test(NAME every_option
           COMMAND "${OCOP_EVERY_OPTION_PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/../python/every_option.py"
                   "$<TARGET_FILE:ocop_cli>" "${PROJECT_SOURCE_DIR}"
                   "${CMAKE_CURRENT_BINARY_DIR}/tmp/every_option")
  # Not again under the sanitizers (no_sanitize): CI time; the sanitizer run covers the CLI
  # through the other CLI tests.
  set_tests_properties(every_option PROPERTIES LABELS "unit;cli;no_sanitize" TIMEOUT 900)
endif()
