#include "RowFilter.h"

#include <algorithm>
#include <cwctype>
#include <locale.h>

namespace heapline {

namespace {

// A UTF-8 character type locale for towlower_l: the process's own locale is the user's business
// (the CLI never calls setlocale), and "C" maps ASCII only.
locale_t utf8Locale()
{
    static const locale_t locale = [] {
        for (const char* name : { "C.UTF-8", "C.utf8", "en_US.UTF-8" })
            if (locale_t l = newlocale(LC_CTYPE_MASK, name, locale_t(nullptr)))
                return l;
        return locale_t(nullptr);
    }();
    return locale;
}

char32_t foldedCase(char32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    const locale_t locale = utf8Locale();
    if (!locale)
        return c;
    // Lower of upper: Unicode's simple case folding for the letters that have more than one
    // lower case (final sigma ς and σ, long s ſ and s), as Qt's CaseInsensitive compares them.
    return static_cast<char32_t>(towlower_l(towupper_l(static_cast<wint_t>(c), locale), locale));
}

} // namespace

std::u32string foldCase(std::string_view s)
{
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        const auto byte = static_cast<unsigned char>(s[i]);
        const int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
        char32_t c = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
        bool valid = length > 0 && i + static_cast<size_t>(length) <= s.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            valid = (next & 0xC0) == 0x80;
            c = (c << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not characters.
        static constexpr char32_t smallest[] = { 0, 0, 0x80, 0x800, 0x10000 };
        valid = valid && c >= smallest[length] && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
        if (!valid) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(foldedCase(c));
        i += static_cast<size_t>(length);
    }
    return out;
}

RowFilter::RowFilter(std::string_view text, std::optional<GrowthClass> cls)
    : m_class(cls)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos)
        text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    else
        text = {};
    m_text = std::string(text);
    m_needle = foldCase(text);
}

bool RowFilter::acceptsKey(std::string_view key) const
{
    if (m_needle.empty())
        return true;
    const std::u32string folded = foldCase(key);
    return std::search(folded.begin(), folded.end(), m_needle.begin(), m_needle.end()) != folded.end();
}

bool RowFilter::accepts(std::string_view key, GrowthClass cls) const
{
    if (m_class && cls != *m_class)
        return false;
    return acceptsKey(key);
}

} // namespace heapline
