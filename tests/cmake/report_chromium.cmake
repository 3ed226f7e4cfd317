# The HTML cohort report in headless Chromium, in both languages: the charts render with no
# console message, every section is in the DOM, a desktop screenshot and the A4 PDF
# (`ocop report --pdf`, pages rasterised with pdftoppm) are written, and the PDF text holds
# every section heading. The PNGs (tests/tmp/report-chromium/*.png) are for a human to look
# at. Skipped (exit 77) when chromium or pdftoppm is absent; install them with
# OCOP_WITH_TEST_TOOLS=1 tools/install-deps.sh.
if(NOT DEFINED OCOP_REPORT_CHROMIUM_SCRIPT)
  # Included from tests/CMakeLists.txt: register the test.
  # CMake 3.25 scripts cannot choose their exit code: the skip is decided by sh.
  add_test(NAME report_chromium
           COMMAND sh -c "if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null; then echo 'SKIP: chromium or poppler-utils not found (OCOP_WITH_TEST_TOOLS=1 tools/install-deps.sh)'; exit 77; fi; exec \"$0\" \"$@\""
                   "${CMAKE_COMMAND}"
                   -DOCOP_REPORT_CHROMIUM_SCRIPT=1
                   -DOCOP=$<TARGET_FILE:ocop_cli>
                   -DDATA=${PROJECT_SOURCE_DIR}/examples/data/sample-national.jsonl
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/tmp/report-chromium
                   -P "${CMAKE_CURRENT_LIST_FILE}")
  set_tests_properties(report_chromium PROPERTIES LABELS "unit;browser" SKIP_RETURN_CODE 77
                       TIMEOUT 400 COST 1000) # the longest of the fast suite: started first
  return()
endif()

# Run as a script: cmake -DOCOP_REPORT_CHROMIUM_SCRIPT=1 -DOCOP=… -DDATA=… -DWORK=… -P this.
set(chromium /usr/bin/chromium)
file(REMOVE_RECURSE "${WORK}")
set(ENV{SOURCE_DATE_EPOCH} 1764547200) # 2025-12-01 00:00 UTC: reproducible pages

# Section headings as printed, per language (the catalogue's words).
set(heads_vi "Nguồn gốc số liệu" "Tổng hợp chung" "Phân bố hạng sao theo nhóm"
             "Phân bố tổng điểm" "Theo nhóm" "Sản phẩm cần hỗ trợ nâng hạng" "Tiêu chí yếu nhất"
             "Diễn biến theo năm")
set(heads_en "Provenance" "Overall" "Star distribution per cohort" "Distribution of totals"
             "Cohorts" "Products to act on" "Weakest criteria" "Trend by year")

foreach(lang vi en)
  set(out "${WORK}/${lang}")
  file(MAKE_DIRECTORY "${WORK}/profile-${lang}")
  execute_process(COMMAND "${OCOP}" report "${DATA}" --by province --lang ${lang} --pdf
                          --out-dir "${out}" --no-stdout --quiet
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ocop report --lang ${lang} --pdf failed (${rc}): ${err}")
  endif()
  set(flags --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
            --disable-background-networking --disable-component-update --disable-sync
            --disable-dev-shm-usage --hide-scrollbars "--user-data-dir=${WORK}/profile-${lang}")
  execute_process(
    COMMAND "${chromium}" ${flags} --enable-logging=stderr --v=0 --dump-dom
            "file://${out}/report.html"
    OUTPUT_VARIABLE dom ERROR_VARIABLE log RESULT_VARIABLE rc TIMEOUT 120)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "chromium failed (${rc}):\n${log}")
  endif()
  # Console messages from the page are logged as "CONSOLE(...)" / ":CONSOLE" lines.
  string(REGEX MATCHALL "[^\n]*CONSOLE[^\n]*" console "${log}")
  if(console)
    message(FATAL_ERROR "console messages while rendering the report:\n${console}")
  endif()
  if(NOT dom MATCHES "<html lang=\"${lang}\">")
    message(FATAL_ERROR "${lang}: the page does not declare lang=\"${lang}\"")
  endif()
  foreach(id stamp overall stars histogram cohorts actions weakest trend)
    if(NOT dom MATCHES "<section id=\"${id}\">")
      message(FATAL_ERROR "${lang}: section ${id} missing from the rendered DOM")
    endif()
  endforeach()
  string(REGEX MATCHALL "data-chart=\"(stars|histogram|weakest)\"" charts "${dom}")
  list(LENGTH charts n_charts)
  string(REGEX MATCHALL "<g class=\"bar\">" bars "${dom}")
  list(LENGTH bars n_bars)
  string(REGEX MATCHALL "<rect class=\"bin\"" bins "${dom}")
  list(LENGTH bins n_bins)
  string(REGEX MATCHALL "<line class=\"band\"" bands "${dom}")
  list(LENGTH bands n_bands)
  # 3 charts; 34 province bars + 10 weakest criteria; 20 histogram bins; bands 3★, 4★, 5★.
  if(NOT n_charts EQUAL 3 OR NOT n_bars EQUAL 44 OR NOT n_bins EQUAL 20 OR NOT n_bands EQUAL 3)
    message(FATAL_ERROR "${lang}: rendered ${n_charts} charts, ${n_bars} bars, ${n_bins} bins, "
                        "${n_bands} band lines (want 3, 44, 20, 3)")
  endif()
  if(NOT dom MATCHES "Thành phố Hồ Chí Minh")
    message(FATAL_ERROR "Vietnamese text did not survive rendering")
  endif()
  # Desktop screenshot (full page height).
  execute_process(
    COMMAND "${chromium}" ${flags} --window-size=1280,4200 "--screenshot=${WORK}/desktop-${lang}.png"
            "file://${out}/report.html"
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${WORK}/desktop-${lang}.png")
    message(FATAL_ERROR "${lang}: no desktop screenshot (${rc})")
  endif()
  # The print layout: the PDF written by --pdf, A4, every heading in its text, pages as PNG.
  if(NOT EXISTS "${out}/report.pdf")
    message(FATAL_ERROR "${lang}: --pdf wrote no report.pdf")
  endif()
  execute_process(COMMAND pdfinfo "${out}/report.pdf" OUTPUT_VARIABLE info RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT info MATCHES "Page size: +59[45](\\.[0-9]+)? x 84[12](\\.[0-9]+)? pts \\(A4\\)")
    message(FATAL_ERROR "${lang}: the PDF is not A4:\n${info}")
  endif()
  execute_process(COMMAND pdftotext -layout "${out}/report.pdf" - OUTPUT_VARIABLE text
                  RESULT_VARIABLE rc)
  foreach(h IN LISTS heads_${lang})
    string(FIND "${text}" "${h}" at)
    if(at LESS 0)
      message(FATAL_ERROR "${lang}: heading \"${h}\" missing from the printed PDF")
    endif()
  endforeach()
  execute_process(COMMAND pdftoppm -r 60 -png "${out}/report.pdf" "${WORK}/print-${lang}"
                  RESULT_VARIABLE rc)
  file(GLOB pages "${WORK}/print-${lang}*.png")
  list(LENGTH pages n_pages)
  if(NOT rc EQUAL 0 OR n_pages LESS 2)
    message(FATAL_ERROR "${lang}: pdftoppm gave ${n_pages} page(s) (${rc})")
  endif()
  message("${lang}: ${n_charts} charts, ${n_bars} bars, ${n_bins} bins, ${n_bands} band lines, "
          "8 sections, ${n_pages} A4 pages → ${WORK}")
endforeach()
