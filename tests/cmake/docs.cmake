# CTest `docs`: generate the criteria reference pages with the built ocop tool and run
# Doxygen on docs/Doxyfile.in; any Doxygen warning (an undocumented public declaration, a
# broken reference in a guide page) fails the test. Skipped when Doxygen is not installed.
# This file is both included by tests/CMakeLists.txt and run by the test with cmake -P.
if(CMAKE_SCRIPT_MODE_FILE)
  if(OCOP_DOCS_SKIP)
    message("SKIP: doxygen not found (tools/install-deps.sh with OCOP_WITH_DOCS=1)")
    return()
  endif()
  file(REMOVE_RECURSE "${WORK}")
  file(MAKE_DIRECTORY "${WORK}/reference")
  string(REPLACE "," ";" rulesets "${RULESETS}")
  foreach(rs IN LISTS rulesets)
    execute_process(COMMAND "${OCOP}" reference --ruleset ${rs} --lang both
                            --split "${WORK}/reference" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "ocop reference --ruleset ${rs} failed (${rc})")
    endif()
  endforeach()
  # The same variables as docs/CMakeLists.txt.
  set(OCOP_DOCS_OUTPUT "${WORK}")
  set(OCOP_DOCS_GENERATED "${WORK}/reference")
  set(OCOP_DOCS_INPUT "\"${PROJECT_SOURCE_DIR}/include/ocop\" \"${PROJECT_SOURCE_DIR}/docs\" \"${WORK}/reference\"")
  if(EXISTS "${PROJECT_SOURCE_DIR}/README.md")
    set(OCOP_DOCS_MAINPAGE "${PROJECT_SOURCE_DIR}/README.md")
    string(APPEND OCOP_DOCS_INPUT " \"${OCOP_DOCS_MAINPAGE}\"")
  else()
    set(OCOP_DOCS_MAINPAGE "${PROJECT_SOURCE_DIR}/docs/concepts.md")
  endif()
  if(DOT)
    set(OCOP_DOCS_HAVE_DOT YES)
    get_filename_component(OCOP_DOCS_DOT_PATH "${DOT}" DIRECTORY)
  else()
    set(OCOP_DOCS_HAVE_DOT NO)
  endif()
  configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in" "${WORK}/Doxyfile" @ONLY)
  execute_process(COMMAND "${DOXYGEN}" "${WORK}/Doxyfile" WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                  RESULT_VARIABLE rc ERROR_VARIABLE warnings)
  if(NOT rc EQUAL 0 OR warnings)
    message(FATAL_ERROR "Doxygen failed (${rc}):\n${warnings}")
  endif()
  if(NOT EXISTS "${WORK}/html/index.html")
    message(FATAL_ERROR "Doxygen wrote no ${WORK}/html/index.html")
  endif()
  return()
endif()

find_program(OCOP_DOXYGEN_EXECUTABLE doxygen)
find_program(OCOP_DOT_EXECUTABLE dot)
if(OCOP_DOXYGEN_EXECUTABLE)
  string(REPLACE ";" "," ocop_docs_rulesets "${OCOP_RULESETS}")
  add_test(NAME docs
           COMMAND "${CMAKE_COMMAND}" "-DOCOP=$<TARGET_FILE:ocop_cli>"
                   "-DDOXYGEN=${OCOP_DOXYGEN_EXECUTABLE}" "-DDOT=${OCOP_DOT_EXECUTABLE}"
                   "-DPROJECT_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "-DPROJECT_VERSION=${PROJECT_VERSION}"
                   "-DRULESETS=${ocop_docs_rulesets}" "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/docs-test"
                   -P "${CMAKE_CURRENT_LIST_FILE}")
else()
  add_test(NAME docs COMMAND "${CMAKE_COMMAND}" -DOCOP_DOCS_SKIP=1 -P "${CMAKE_CURRENT_LIST_FILE}")
  set_tests_properties(docs PROPERTIES SKIP_REGULAR_EXPRESSION "SKIP:")
endif()
set_tests_properties(docs PROPERTIES LABELS "docs")

# The content of the generated criteria reference, checked against the ruleset files.
find_program(OCOP_PYTHON3 python3)
if(OCOP_PYTHON3)
  add_test(NAME reference
           COMMAND "${OCOP_PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/../python/test_reference.py")
  set_tests_properties(reference PROPERTIES LABELS "unit"
    ENVIRONMENT "OCOP_CLI=$<TARGET_FILE:ocop_cli>;OCOP_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
else()
  add_test(NAME reference COMMAND "${CMAKE_COMMAND}" -E echo "SKIP: python3 not found")
  set_tests_properties(reference PROPERTIES LABELS "unit" SKIP_REGULAR_EXPRESSION "SKIP:")
endif()
