// The Unicode module on ICU: NFC/NFD, case folding, keys, Vietnamese collation, number symbols.
#include "../detail/unicode.hpp"

#include <unicode/coll.h>
#include <unicode/dcfmtsym.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace ocop::detail {

namespace {

icu::UnicodeString from_utf8(std::string_view s) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string to_utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

const icu::Normalizer2& nfc_norm() {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(ec);
    if (U_FAILURE(ec) || !n) throw std::runtime_error("ICU: no NFC data");
    return *n;
}

const icu::Normalizer2& nfd_norm() {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(ec);
    if (U_FAILURE(ec) || !n) throw std::runtime_error("ICU: no NFD data");
    return *n;
}

icu::UnicodeString normalize(const icu::Normalizer2& n, const icu::UnicodeString& u) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::UnicodeString out = n.normalize(u, ec);
    return U_FAILURE(ec) ? u : out;
}

/// One collator per language and thread (ICU collators are not meant for shared mutation).
const icu::Collator* collator(std::string_view lang) {
    thread_local std::map<std::string, std::unique_ptr<icu::Collator>, std::less<>> cache;
    auto it = cache.find(lang);
    if (it == cache.end()) {
        UErrorCode ec = U_ZERO_ERROR;
        std::unique_ptr<icu::Collator> c(
            icu::Collator::createInstance(icu::Locale(std::string(lang).c_str()), ec));
        if (U_FAILURE(ec)) c.reset();
        it = cache.emplace(std::string(lang), std::move(c)).first;
    }
    return it->second.get();
}

} // namespace

std::string nfc(std::string_view text) {
    // Fast path: ASCII is always NFC.
    bool ascii = true;
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return std::string(text);
    return to_utf8(normalize(nfc_norm(), from_utf8(text)));
}

std::string fold_nfd(std::string_view text) {
    icu::UnicodeString u = normalize(nfd_norm(), from_utf8(text));
    u.foldCase();
    return to_utf8(normalize(nfd_norm(), u));
}

std::string normalize_key(std::string_view text) {
    const icu::UnicodeString u = normalize(nfc_norm(), from_utf8(text));
    icu::UnicodeString out;
    bool space = false;
    for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c)) {
            space = !out.isEmpty();
            continue;
        }
        if (u_iscntrl(c) || u_charType(c) == U_FORMAT_CHAR) continue;
        if (space) out.append(static_cast<UChar>(u' '));
        space = false;
        out.append(c);
    }
    return to_utf8(out);
}

std::string fold_key(std::string_view text) {
    icu::UnicodeString u = from_utf8(normalize_key(text));
    u.foldCase();
    return to_utf8(normalize(nfc_norm(), u));
}

int combining_class(char32_t cp) noexcept {
    return u_getCombiningClass(static_cast<UChar32>(cp));
}

int collate(std::string_view a, std::string_view b, std::string_view lang) {
    if (const icu::Collator* c = collator(lang)) {
        UErrorCode ec = U_ZERO_ERROR;
        const auto r =
            c->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                           icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), ec);
        if (U_SUCCESS(ec) && r != UCOL_EQUAL) return r == UCOL_LESS ? -1 : 1;
    }
    return a < b ? -1 : a == b ? 0 : 1;
}

std::string collation_key(std::string_view text, std::string_view lang) {
    const icu::Collator* c = collator(lang);
    if (!c) return std::string(text);
    const icu::UnicodeString u = from_utf8(text);
    std::string key(static_cast<std::size_t>(u.length()) * 4 + 16, '\0');
    auto n =
        c->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
    if (n > static_cast<int32_t>(key.size())) {
        key.resize(static_cast<std::size_t>(n));
        n = c->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
    }
    key.resize(n > 0 ? static_cast<std::size_t>(n - 1) : 0); // drop the terminating NUL
    return key;
}

number_symbols number_symbols_of(std::string_view lang) {
    UErrorCode ec = U_ZERO_ERROR;
    const icu::DecimalFormatSymbols sym(icu::Locale(std::string(lang).c_str()), ec);
    if (U_FAILURE(ec)) return {".", ","};
    return {to_utf8(sym.getSymbol(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol)),
            to_utf8(sym.getSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol))};
}

} // namespace ocop::detail
