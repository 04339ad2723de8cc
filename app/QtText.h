#pragma once

#include <QString>
#include <string>

namespace heapline {

// The model's text (UTF-8, std::string) as Qt's.
inline QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace heapline
