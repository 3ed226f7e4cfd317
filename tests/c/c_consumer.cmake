# Build examples/c-consumer against the ocop build tree and check that `score_c FILE` prints
# what `ocop score FILE` prints (cmake -P; variables BUILD_DIR SOURCE WORK GENERATOR CLI DATA).
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}" -G "${GENERATOR}"
                        "-DCMAKE_PREFIX_PATH=${BUILD_DIR}" -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring examples/c-consumer failed:\n${out}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK}" RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building examples/c-consumer failed:\n${out}")
endif()
execute_process(COMMAND "${WORK}/score_c" "${DATA}" OUTPUT_FILE "${WORK}/c.out"
                ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "score_c ${DATA} exited ${rc}:\n${err}")
endif()
execute_process(COMMAND "${CLI}" score "${DATA}" -q OUTPUT_FILE "${WORK}/cli.out" RESULT_VARIABLE rc)
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK}/c.out" "${WORK}/cli.out"
                RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "score_c and ocop score print different results")
endif()
execute_process(COMMAND "${WORK}/score_c" OUTPUT_VARIABLE one RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT one MATCHES "\"total\":50," OR NOT one MATCHES "\"status\":\"planned\"")
  message(FATAL_ERROR "score_c (built-in example) exited ${rc}:\n${one}")
endif()
file(SIZE "${WORK}/c.out" bytes)
message("score_c printed the same ${bytes} bytes as ocop score")
