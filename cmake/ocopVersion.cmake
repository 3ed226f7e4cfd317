# The version lives in include/ocop/version.hpp (as in fmt): read it from there so that the
# project, the package version file and the library can never disagree.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../include/ocop/version.hpp" ocop_version_lines
     REGEX "^#define OCOP_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$")
foreach(part MAJOR MINOR PATCH)
  string(REGEX MATCH "OCOP_VERSION_${part} ([0-9]+)" _ "${ocop_version_lines}")
  set(ocop_version_${part} "${CMAKE_MATCH_1}")
endforeach()
set(OCOP_VERSION "${ocop_version_MAJOR}.${ocop_version_MINOR}.${ocop_version_PATCH}")
