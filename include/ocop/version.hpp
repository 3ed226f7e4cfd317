#pragma once
/// @file version.hpp
/// @brief Library version.

/// Major version.
#define OCOP_VERSION_MAJOR 0
/// Minor version.
#define OCOP_VERSION_MINOR 1
/// Patch version.
#define OCOP_VERSION_PATCH 0

/// @cond INTERNAL
#define OCOP_DETAIL_STR2(x) #x
#define OCOP_DETAIL_STR(x) OCOP_DETAIL_STR2(x)
/// @endcond

namespace ocop {
/// Version string, "major.minor.patch", made from the three macros above (the one source of
/// the version: CMakeLists.txt reads them too).
inline constexpr const char* version_string =
    OCOP_DETAIL_STR(OCOP_VERSION_MAJOR) "." OCOP_DETAIL_STR(OCOP_VERSION_MINOR) "." OCOP_DETAIL_STR(
        OCOP_VERSION_PATCH);
/// Version of the ruleset file format this library reads and writes.
inline constexpr const char* ruleset_format = "ocop-ruleset/1";
} // namespace ocop
