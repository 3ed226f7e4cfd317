# valgrind (memcheck) on the CLI: no invalid access, no use of uninitialised memory, no
# definite or indirect leak, on good input and on input mixing good and hostile records.
# Skipped when valgrind is absent and in the sanitizer/fuzz builds (ASan and valgrind do not
# mix). Labels "valgrind;heavy": .ci/run runs them after the fast suite.
#
# Like sanitize.cmake, this file is also the script the tests run (cmake -P), with
# -DCASE=score|explain|sheet.

if(CMAKE_SCRIPT_MODE_FILE)
  foreach(v VALGRIND CLI CORPUS WORK CASE)
    if(NOT DEFINED ${v})
      message(FATAL_ERROR "valgrind.cmake: -D${v}=… is required")
    endif()
  endforeach()
  file(MAKE_DIRECTORY "${WORK}")
  # Inputs from the fuzz seed corpora: good records, and good records mixed with hostile ones
  # (BOM, CRLF, a truncated record, a blank line, an array, 1e400, invalid UTF-8).
  set(good "${CORPUS}/batch/good")
  set(mixed "${CORPUS}/batch/mixed-crlf")
  set(utf8 "${CORPUS}/batch/bad-utf8")
  set(council "${CORPUS}/evaluation/qd26-2026-13-council")
  set(vg "${VALGRIND}" -q --error-exitcode=99 --leak-check=full
         --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)
  if(CASE STREQUAL "score")
    set(runs "0|score|${good}|-o|${WORK}/good.out"
             "1|score|${mixed}|-o|${WORK}/mixed.out|--errors|${WORK}/mixed.err"
             "1|score|${utf8}|-o|${WORK}/utf8.out")
  elseif(CASE STREQUAL "explain")
    set(runs "0|explain|${council}")
  elseif(CASE STREQUAL "sheet")
    set(runs "0|sheet|--ruleset|qd26-2026|--sheet|13")
  else()
    message(FATAL_ERROR "unknown CASE ${CASE}")
  endif()
  foreach(run IN LISTS runs)
    string(REPLACE "|" ";" run "${run}")
    list(POP_FRONT run expected)
    execute_process(COMMAND ${vg} "${CLI}" ${run} RESULT_VARIABLE rc
                    OUTPUT_QUIET ERROR_VARIABLE err)
    if(rc EQUAL 99)
      message(FATAL_ERROR "valgrind found errors in: ocop ${run}\n${err}")
    elseif(NOT rc EQUAL expected)
      message(FATAL_ERROR "ocop ${run}: exit ${rc}, expected ${expected}\n${err}")
    endif()
  endforeach()
  return()
endif()

if(OCOP_SANITIZE OR OCOP_FUZZ)
  return()
endif()
find_program(OCOP_VALGRIND_EXECUTABLE valgrind)
if(NOT OCOP_VALGRIND_EXECUTABLE)
  message(STATUS "valgrind not found: valgrind tests not added")
  return()
endif()
foreach(case score explain sheet)
  add_test(NAME valgrind_${case}
    COMMAND "${CMAKE_COMMAND}" -DVALGRIND=${OCOP_VALGRIND_EXECUTABLE}
            -DCLI=$<TARGET_FILE:ocop_cli> -DCORPUS=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus
            -DWORK=${CMAKE_CURRENT_BINARY_DIR}/tmp/valgrind_${case} -DCASE=${case}
            -P "${CMAKE_CURRENT_LIST_FILE}")
  set_tests_properties(valgrind_${case} PROPERTIES LABELS "valgrind;heavy" TIMEOUT 600)
endforeach()
