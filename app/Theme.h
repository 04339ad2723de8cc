#pragma once

#include <QPalette>
#include <QString>

class QChart;

namespace heapline {

// Light or dark, as the palette is: the custom-painted views (charts, flame graph, sparklines)
// follow it rather than a fixed light look.
enum class ColorScheme { System, Light, Dark };

bool isDark(const QPalette& palette);
// A chart's theme and background for the palette; call before adding series (a theme recolours
// the series already there).
void applyChartTheme(QChart* chart, const QPalette& palette);
// Fusion with a dark or light palette, or the platform's own style and palette (System).
void applyColorScheme(ColorScheme scheme);
QString colorSchemeName(ColorScheme scheme); // "system", "light", "dark"
ColorScheme parseColorScheme(const QString& name);

} // namespace heapline
