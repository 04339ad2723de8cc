#include "FrameActions.h"

#include "Preferences.h"
#include "QtText.h"
#include "SourceOpener.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMessageBox>

namespace heapline {

QString frameText(const StackFrame& frame)
{
    QString text = q(frame.function);
    if (!frame.file.empty())
        text += QStringLiteral(" — %1:%2").arg(q(frame.file)).arg(frame.line);
    if (!frame.module.empty())
        text += QStringLiteral(" (%1)").arg(q(frame.module));
    return text;
}

QString stackText(const std::vector<StackFrame>& stack)
{
    QStringList lines;
    for (const auto& frame : stack)
        lines << frameText(frame);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

StackFrame frameOfNode(const CallTree& tree, uint32_t node)
{
    StackFrame out;
    if (node == 0)
        return out;
    const Analysis& analysis = tree.analysis();
    const Profile& profile = analysis.profile();
    const FrameId id = tree.node(node).frame;
    const Frame& frame = profile.frames()[id];
    out.function = std::string(profile.string(frame.function));
    out.file = std::string(profile.string(frame.file));
    out.line = static_cast<int>(frame.line);
    out.module = std::string(profile.string(frame.module));
    out.role = analysis.role(id);
    return out;
}

std::vector<StackFrame> stackOfNode(const CallTree& tree, uint32_t node)
{
    std::vector<StackFrame> stack;
    auto path = tree.pathTo(node); // root first
    if (tree.direction() == CallTree::Direction::TopDown)
        std::reverse(path.begin(), path.end()); // the node (nearest the allocation) first
    for (uint32_t n : path)
        if (n != 0)
            stack.push_back(frameOfNode(tree, n));
    return stack;
}

bool openInEditor(const StackFrame& frame, QWidget* parent)
{
    const Preferences preferences = Preferences::load();
    QString error;
    if (SourceOpener::open(q(frame.file), frame.line, preferences.editorCommand, preferences.pathRemaps, &error))
        return true;
    QMessageBox::information(parent, QObject::tr("Open in Editor"), error);
    return false;
}

void addFrameActions(QMenu& menu, const StackFrame& frame, const std::vector<StackFrame>& stack, QWidget* parent)
{
    auto* open = menu.addAction(QIcon::fromTheme(QStringLiteral("document-open")), QObject::tr("&Open in Editor"),
                                parent, [frame, parent] { openInEditor(frame, parent); });
    open->setEnabled(!frame.file.empty());
    if (frame.file.empty())
        open->setToolTip(QObject::tr("The recording does not say which file this frame is in"));
    menu.addAction(QObject::tr("Copy &Frame"), parent, [frame] { QApplication::clipboard()->setText(frameText(frame)); });
    menu.addAction(QObject::tr("Copy &Stack"), parent, [stack] { QApplication::clipboard()->setText(stackText(stack)); });
}

std::vector<bool> framesLabelled(const CallTree& tree, const QString& text)
{
    std::vector<bool> labelled(tree.analysis().profile().frames().size(), false);
    for (uint32_t f = 0; f < labelled.size(); ++f)
        labelled[f] = QString::fromStdString(tree.frameLabel(FrameId { f })).contains(text, Qt::CaseInsensitive);
    return labelled;
}

} // namespace heapline
