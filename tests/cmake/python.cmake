# The Python bindings and their test (tests/python/test_ocop.py). Built automatically when
# pybind11 is found (Debian: pybind11-dev python3-dev python3-pybind11); -DOCOP_BUILD_PYTHON=OFF
# turns them off, -DOCOP_BUILD_PYTHON=ON makes a missing pybind11 an error. Not built in a
# sanitizer build (OCOP_SANITIZE) unless asked for.
if(DEFINED OCOP_BUILD_PYTHON AND NOT OCOP_BUILD_PYTHON)
  set(ocop_python_found FALSE)
  set(ocop_python_why "OCOP_BUILD_PYTHON is OFF")
elseif(OCOP_SANITIZE AND NOT OCOP_BUILD_PYTHON)
  # A non-instrumented interpreter cannot load an ASan-instrumented module.
  set(ocop_python_found FALSE)
  set(ocop_python_why "sanitizer build")
else()
  set(PYBIND11_FINDPYTHON ON)
  find_package(pybind11 CONFIG QUIET)
  set(ocop_python_found ${pybind11_FOUND})
  set(ocop_python_why "pybind11 not found (apt install pybind11-dev python3-dev python3-pybind11)")
  if(OCOP_BUILD_PYTHON AND NOT pybind11_FOUND)
    message(FATAL_ERROR "OCOP_BUILD_PYTHON is ON but ${ocop_python_why}")
  endif()
endif()

if(ocop_python_found)
  add_subdirectory("${PROJECT_SOURCE_DIR}/python" "${CMAKE_CURRENT_BINARY_DIR}/python")
  # The package is assembled in <build>/tests/python/ocop (python/CMakeLists.txt).
  set(ocop_python_env "PYTHONPATH=${CMAKE_CURRENT_BINARY_DIR}/python"
      "OCOP_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "OCOP_CLI=$<TARGET_FILE:ocop_cli>")
  add_test(NAME python
           COMMAND "${Python_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/../python/test_ocop.py"
           WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(python PROPERTIES LABELS "unit;embedding"
    ENVIRONMENT "${ocop_python_env}")
  # The examples run against the built package.
  add_test(NAME python_examples
           COMMAND "${Python_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/../python/run_examples.py"
           WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(python_examples PROPERTIES LABELS "unit;embedding"
    ENVIRONMENT "${ocop_python_env}")
  # pip install --no-build-isolation from a copy of the checkout into a fresh venv, then the
  # examples and a smoke test; and a wheel (pip wheel). Builds the library again: heavy.
  add_test(NAME python_venv
           COMMAND "${Python_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/../python/test_venv.py"
           WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(python_venv PROPERTIES LABELS "heavy;slow;embedding" TIMEOUT 1800
    ENVIRONMENT "OCOP_SOURCE_DIR=${PROJECT_SOURCE_DIR};OCOP_CLI=$<TARGET_FILE:ocop_cli>")
else()
  add_test(NAME python COMMAND "${CMAKE_COMMAND}" -E echo "SKIP: ${ocop_python_why}")
  set_tests_properties(python PROPERTIES LABELS "unit;embedding" SKIP_REGULAR_EXPRESSION "SKIP:")
endif()
