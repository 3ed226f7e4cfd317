# The HTML cohort report opens in headless Chromium and renders its three charts with no
# console error. Skipped (exit 77) when /usr/bin/chromium is absent; install it with
# OCOP_WITH_TEST_TOOLS=1 tools/install-deps.sh.
if(NOT DEFINED OCOP_REPORT_CHROMIUM_SCRIPT)
  # Included from tests/CMakeLists.txt: register the test.
  # CMake 3.25 scripts cannot choose their exit code: the skip is decided by sh.
  add_test(NAME report_chromium
           COMMAND sh -c "if [ ! -x /usr/bin/chromium ]; then echo 'SKIP: /usr/bin/chromium not found; install the chromium package (OCOP_WITH_TEST_TOOLS=1 tools/install-deps.sh) to run this test'; exit 77; fi; exec \"$0\" \"$@\""
                   "${CMAKE_COMMAND}"
                   -DOCOP_REPORT_CHROMIUM_SCRIPT=1
                   -DOCOP=$<TARGET_FILE:ocop_cli>
                   -DDATA=${PROJECT_SOURCE_DIR}/examples/data/sample-national.jsonl
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/tmp/report-chromium
                   -P "${CMAKE_CURRENT_LIST_FILE}")
  set_tests_properties(report_chromium PROPERTIES LABELS "unit;browser" SKIP_RETURN_CODE 77
                       TIMEOUT 120)
  return()
endif()

# Run as a script: cmake -DOCOP_REPORT_CHROMIUM_SCRIPT=1 -DOCOP=… -DDATA=… -DWORK=… -P this.
set(chromium /usr/bin/chromium)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/profile")
execute_process(COMMAND "${OCOP}" report "${DATA}" --by province --out-dir "${WORK}/out"
                        --no-stdout --quiet
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ocop report failed (${rc})")
endif()
execute_process(
  COMMAND "${chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
          --disable-background-networking --disable-component-update --disable-sync
          --disable-dev-shm-usage --enable-logging=stderr --v=0
          "--user-data-dir=${WORK}/profile" --dump-dom "file://${WORK}/out/report.html"
  OUTPUT_VARIABLE dom ERROR_VARIABLE log RESULT_VARIABLE rc TIMEOUT 90)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}):\n${log}")
endif()
# Console messages from the page are logged as "CONSOLE(...)" / ":CONSOLE" lines.
string(REGEX MATCHALL "[^\n]*CONSOLE[^\n]*" console "${log}")
if(console)
  message(FATAL_ERROR "console messages while rendering the report:\n${console}")
endif()
string(REGEX MATCHALL "<svg[ >]" svgs "${dom}")
list(LENGTH svgs n_svg)
string(REGEX MATCHALL "data-chart=\"(stars|histogram|weakest)\"" charts "${dom}")
list(LENGTH charts n_charts)
string(REGEX MATCHALL "<g class=\"bar\">" bars "${dom}")
list(LENGTH bars n_bars)
string(REGEX MATCHALL "<rect class=\"bin\"" bins "${dom}")
list(LENGTH bins n_bins)
# 3 charts; 34 province bars + 10 weakest criteria; 20 histogram bins.
if(NOT n_svg EQUAL 3 OR NOT n_charts EQUAL 3 OR NOT n_bars EQUAL 44 OR NOT n_bins EQUAL 20)
  message(FATAL_ERROR "rendered DOM: ${n_svg} svg, ${n_charts} charts, ${n_bars} bars, "
                      "${n_bins} bins (want 3, 3, 44, 20)")
endif()
if(NOT dom MATCHES "Thành phố Hồ Chí Minh")
  message(FATAL_ERROR "Vietnamese text did not survive rendering")
endif()
message("report rendered: ${n_svg} charts, ${n_bars} bars, ${n_bins} histogram bins")
