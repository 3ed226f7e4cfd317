# Run by the fuzz_build CTest test (cmake -P): configure and build the libFuzzer harnesses
# with clang in a separate build directory, and create their working directories.
foreach(v SOURCE BINARY CXX TARGETS HARNESSES)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "build.cmake: -D${v}=… is required")
  endif()
endforeach()
string(REPLACE "," ";" TARGETS "${TARGETS}")
string(REPLACE "," ";" HARNESSES "${HARNESSES}")

execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" -DCMAKE_CXX_COMPILER=${CXX}
          -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_FUZZ=ON -DOCOP_SANITIZE=ON
          -DOCOP_BUILD_TESTS=ON
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the clang fuzz build failed (${rc})")
endif()
cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BINARY}" -j ${jobs} --target ${TARGETS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzz harnesses failed (${rc})")
endif()
foreach(h IN LISTS HARNESSES)
  file(MAKE_DIRECTORY "${BINARY}/corpus/${h}")
endforeach()
file(MAKE_DIRECTORY "${BINARY}/artifacts")
