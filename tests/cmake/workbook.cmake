# The spreadsheet template opened in LibreOffice Calc (headless): its formulas must compute
# the same points, subtotals, totals and council mean as ocop; the blank template prints on
# A4. Skipped (77) when libreoffice or python3-openpyxl is absent.
find_program(OCOP_WORKBOOK_PYTHON3 NAMES python3)
if(OCOP_WORKBOOK_PYTHON3)
  add_test(NAME workbook_libreoffice
           COMMAND "${OCOP_WORKBOOK_PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/../python/test_workbook_libreoffice.py")
  set_tests_properties(workbook_libreoffice PROPERTIES LABELS "unit;office" SKIP_RETURN_CODE 77
    TIMEOUT 600 COST 1000 # the longest of the fast suite (with report_chromium): started first
    ENVIRONMENT "OCOP_CLI=$<TARGET_FILE:ocop_cli>;OCOP_SOURCE_DIR=${PROJECT_SOURCE_DIR};OCOP_WORK=${CMAKE_CURRENT_BINARY_DIR}/tmp/libreoffice")
endif()
