// Force-included in every translation unit of the WebAssembly build (-include).
//
// The libc++ of Debian's emscripten 3.1.6 (LLVM 14) declares no std::to_chars for double:
// a call picks the deleted bool overload. The library formats doubles (metadata numbers)
// with the shortest round-trip std::to_chars, so this build supplies that one overload
// (src/wasm/compat.cpp) with the same output as libstdc++'s. Seam: a library helper that
// formats a double in one place would make this unnecessary.
#pragma once
#include <charconv>

namespace std {
to_chars_result to_chars(char* first, char* last, double value);
} // namespace std
