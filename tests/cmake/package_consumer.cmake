# Installs the project into a staging prefix and builds tests/consumer against it.
add_test(NAME package_consumer
  COMMAND "${CMAKE_COMMAND}"
    -DBUILD_DIR=${PROJECT_BINARY_DIR}
    -DSTAGE=${CMAKE_CURRENT_BINARY_DIR}/package-stage
    -DSOURCE=${PROJECT_SOURCE_DIR}/tests/consumer
    -DWORK=${CMAKE_CURRENT_BINARY_DIR}/package-consumer
    -DGENERATOR=${CMAKE_GENERATOR}
    -P "${PROJECT_SOURCE_DIR}/tests/cmake/package_consumer_run.cmake.in")
set_tests_properties(package_consumer PROPERTIES LABELS "package" TIMEOUT 600)
