#pragma once

#include "model/Comparison.h"

#include <QString>
#include <span>
#include <vector>

class QMenu;
class QWidget;

namespace heapline {

// What every view offers on a frame: open its source in the editor (Edit › Preferences), copy
// the frame, copy the whole stack as text.

// One frame per line, allocation first: "function — file:line (module)".
QString frameText(const StackFrame& frame);
QString stackText(const std::vector<StackFrame>& stack);
// A call tree node's frame, and its path as a stack (allocation side first: for a top-down
// tree the node's own frame first, then its callers up to the root).
StackFrame frameOfNode(const CallTree& tree, uint32_t node);
std::vector<StackFrame> stackOfNode(const CallTree& tree, uint32_t node);
// By frame id: whether the box a tree draws for that frame is labelled with `text` (any case).
// What the flame graph's search and the trees' filter match: the profile's frames, far fewer
// than a tree's nodes. And whether any of a callsite's boxes does.
std::vector<bool> framesLabelled(const CallTree& tree, const QString& text);
inline bool anyBoxIn(std::span<const uint32_t> boxes, const std::vector<bool>& frames)
{
    for (uint32_t box : boxes)
        if (frames[box])
            return true;
    return false;
}
// Opens the frame's file at its line (with the preferences' editor and remaps); a message box
// on `parent` says why when it cannot.
bool openInEditor(const StackFrame& frame, QWidget* parent);
// The menu entries: Open in Editor (when the frame has a file), Copy Frame, Copy Stack.
void addFrameActions(QMenu& menu, const StackFrame& frame, const std::vector<StackFrame>& stack, QWidget* parent);

} // namespace heapline
