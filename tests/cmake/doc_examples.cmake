# CTest `doc_examples` and `doc_cli` (label `docs`): every example of README.md and docs/*.md
# is run against the built ocop, C++ and C snippets are compiled against include/ and linked
# with the built library, and docs/cli.md is compared with the options the parser declares
# (tools/run-doc-examples.py; the conventions are in docs/README.md).
find_program(OCOP_PYTHON3 python3)
# The pages run `python3 tests/python/fill_workbook.py` (openpyxl): prefer the system
# interpreter, where Debian's python3-openpyxl is, over one first on PATH (pyenv).
find_program(OCOP_DOC_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT OCOP_DOC_PYTHON3)
  set(OCOP_DOC_PYTHON3 "${OCOP_PYTHON3}")
endif()
if(OCOP_PYTHON3)
  # Every library archive, the highest layer first (static archives resolve left to right).
  set(ocop_doc_libs "")
  foreach(lib IN LISTS ocop_library_targets)
    list(PREPEND ocop_doc_libs "$<TARGET_FILE:${lib}>")
  endforeach()
  list(APPEND ocop_doc_libs "$<TARGET_LINKER_FILE:Boost::json>"
      ${OCOP_XLSX_LINK_LIBRARIES} "$<TARGET_LINKER_FILE:ICU::i18n>"
      "$<TARGET_LINKER_FILE:ICU::uc>" -lpthread)
  string(JOIN "," ocop_doc_libs ${ocop_doc_libs})
  # The module is built for Python_EXECUTABLE when it is given (tools/test.sh: Debian's).
  if(Python_EXECUTABLE)
    set(ocop_doc_module_python "${Python_EXECUTABLE}")
  else()
    set(ocop_doc_module_python "${OCOP_PYTHON3}")
  endif()
  # Where tests/cmake/python.cmake builds the module (when pybind11 is found).
  set(ocop_doc_python "--pythonpath=${CMAKE_CURRENT_BINARY_DIR}/python")
  add_test(NAME doc_examples
           COMMAND "${OCOP_DOC_PYTHON3}" "${PROJECT_SOURCE_DIR}/tools/run-doc-examples.py"
                   "--ocop=$<TARGET_FILE:ocop_cli>" "--source=${PROJECT_SOURCE_DIR}"
                   "--cxx=${CMAKE_CXX_COMPILER}" "--cc=${CMAKE_C_COMPILER}"
                   "--libs=${ocop_doc_libs}" "--python=${ocop_doc_module_python}" ${ocop_doc_python})
  add_test(NAME doc_cli
           COMMAND "${OCOP_DOC_PYTHON3}" "${PROJECT_SOURCE_DIR}/tools/run-doc-examples.py"
                   "--ocop=$<TARGET_FILE:ocop_cli>" "--source=${PROJECT_SOURCE_DIR}" --check-cli)
  # The JsonLogic export against ocop score on generated cohorts (docs/export-jsonlogic.md).
  add_test(NAME doc_exports
           COMMAND "${OCOP_DOC_PYTHON3}" "${PROJECT_SOURCE_DIR}/tests/docs/check_exports.py"
                   "$<TARGET_FILE:ocop_cli>" "${PROJECT_SOURCE_DIR}")
  set_tests_properties(doc_examples doc_cli doc_exports PROPERTIES LABELS "docs;unit" TIMEOUT 300)
else()
  add_test(NAME doc_examples COMMAND "${CMAKE_COMMAND}" -E echo "SKIP: python3 not found")
  set_tests_properties(doc_examples PROPERTIES LABELS "docs" SKIP_REGULAR_EXPRESSION "SKIP:")
endif()
