#pragma once

#include <QString>

class QWidget;

namespace heapline {

// Saves what a view shows as SVG (by the suffix .svg: vector, with its text) or PNG (the view's
// size in device pixels). Written beside the target and renamed over it: a failed export leaves
// no half picture. False with the reason in `error`.
bool exportPicture(QWidget* view, const QString& path, const QString& title, QString* error = nullptr);

} // namespace heapline
