#include "ChartAxes.h"

#include <cmath>

namespace heapline {

void timeAxisUnit(TimeUnit unit, double maxTime, double& scale, QString& name)
{
    switch (unit) {
    case TimeUnit::Milliseconds:
        scale = maxTime >= 2000 ? 1000 : 1;
        name = scale == 1000 ? QStringLiteral("s") : QStringLiteral("ms");
        return;
    case TimeUnit::Seconds:
        scale = 1;
        name = QStringLiteral("s");
        return;
    case TimeUnit::Instructions:
        scale = maxTime >= 2e9 ? 1e9 : maxTime >= 2e6 ? 1e6 : 1;
        name = scale == 1e9 ? QStringLiteral("G instructions") : scale == 1e6 ? QStringLiteral("M instructions") : QStringLiteral("instructions");
        return;
    case TimeUnit::Bytes:
        scale = maxTime >= 2e9 ? 1e9 : maxTime >= 2e6 ? 1e6 : maxTime >= 2e3 ? 1e3 : 1;
        name = scale == 1e9 ? QStringLiteral("GB allocated") : scale == 1e6 ? QStringLiteral("MB allocated") : scale == 1e3 ? QStringLiteral("kB allocated") : QStringLiteral("B allocated");
        return;
    }
}

void byteAxisUnit(double maxBytes, double& scale, QString& name)
{
    scale = maxBytes >= 2e9 ? 1e9 : maxBytes >= 2e6 ? 1e6 : maxBytes >= 2e3 ? 1e3 : 1;
    name = scale == 1e9 ? QStringLiteral("GB") : scale == 1e6 ? QStringLiteral("MB") : scale == 1e3 ? QStringLiteral("kB") : QStringLiteral("B");
}

QString elide(const QString& text, int length)
{
    return text.size() <= length ? text : text.left(length - 1) + QStringLiteral("…");
}

} // namespace heapline
