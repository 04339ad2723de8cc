#pragma once

#include "Growth.h"

#include <optional>
#include <string>
#include <string_view>

namespace heapline {

// The rows a user asked to see, the same in the GUI's table, the exported report and the CLI:
// the key contains the text, ignoring case (Unicode's simple case mapping, so "ÄRGER" finds
// "ärger"), and, when set, the row is of that class.
class RowFilter {
public:
    RowFilter() = default;
    RowFilter(std::string_view text, std::optional<GrowthClass> cls);

    const std::string& text() const { return m_text; }
    const std::optional<GrowthClass>& growthClass() const { return m_class; }
    bool empty() const { return m_needle.empty() && !m_class; }

    bool accepts(std::string_view key, GrowthClass cls) const;
    bool acceptsKey(std::string_view key) const;

private:
    std::string m_text; // as given, trimmed
    std::u32string m_needle; // folded
    std::optional<GrowthClass> m_class;
};

// The text as code points with case folded; bytes that are not UTF-8 become U+FFFD.
std::u32string foldCase(std::string_view utf8);

} // namespace heapline
