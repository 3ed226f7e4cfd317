# One warning policy for every target of the project (library, CLI, tests, bindings).
# OCOP_WERROR turns warnings into errors; it defaults on only when ocop is the top-level
# project, so a parent project with another compiler is never broken by a new warning.
include_guard(GLOBAL)

function(ocop_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(OCOP_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false positives inside std::string at -O2: -Wrestrict (GCC bug 105651)
    # and -Warray-bounds on short-string copies (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-array-bounds)
    # In a unity build a source's anonymous-namespace types are no longer in the main file,
    # and GCC then warns on every class of that file holding one (they stay file-local).
    if(CMAKE_UNITY_BUILD)
      target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-subobject-linkage>)
    endif()
  endif()
endfunction()
