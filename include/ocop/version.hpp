#pragma once
/// @file version.hpp
/// @brief Library version.

/// Major version.
#define OCOP_VERSION_MAJOR 0
/// Minor version.
#define OCOP_VERSION_MINOR 1
/// Patch version.
#define OCOP_VERSION_PATCH 0

namespace ocop {
/// Version string, "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
/// Version of the ruleset file format this library reads and writes.
inline constexpr const char* ruleset_format = "ocop-ruleset/1";
} // namespace ocop
