/* SPDX-License-Identifier: MIT */
#ifndef OCOP_OCOP_EXPORT_H
#define OCOP_OCOP_EXPORT_H

/**
 * @file ocop_export.h
 * @brief Symbol visibility of the C API (OCOP_API) and its deprecation marker.
 *
 * The library is compiled with hidden visibility when the shared C library (libocop.so) is
 * built; only the functions marked #OCOP_API are exported from it. OCOP_BUILDING_LIBRARY is
 * defined while compiling ocop itself. A program linking the static library may define
 * OCOP_STATIC_DEFINE; it changes nothing on ELF platforms.
 */

#if defined(_WIN32) && !defined(OCOP_STATIC_DEFINE)
#ifdef OCOP_BUILDING_LIBRARY
/** @brief Exported from the DLL being built. */
#define OCOP_API __declspec(dllexport)
#else
/** @brief Imported from the DLL. */
#define OCOP_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
/** @brief Marks a function of the C API: exported from the shared library. */
#define OCOP_API __attribute__((visibility("default")))
#else
/** @brief No visibility control on this compiler. */
#define OCOP_API
#endif

#if defined(OCOP_NO_DEPRECATION_WARNINGS)
/** @brief Deprecation warnings turned off by the includer. */
#define OCOP_DEPRECATED(msg)
#elif defined(__GNUC__) || defined(__clang__)
/** @brief Marks a C function kept for compatibility (placed after its declarator); `msg`
 * names its replacement. */
#define OCOP_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
/** @brief No deprecation marker on this compiler. */
#define OCOP_DEPRECATED(msg)
#endif

#endif /* OCOP_OCOP_EXPORT_H */
