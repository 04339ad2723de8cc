#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace heapline {

// Opens a frame's source file at its line in the user's editor, as hotspot does: a command with
// %f (file) and %l (line), presets for common editors, and path remaps for recordings made
// elsewhere (a build container's /src is ~/project here).
class SourceOpener {
public:
    struct Preset {
        QString name;
        QString command;
    };
    static QList<Preset> presets();
    // The command used when none is set: $VISUAL or $EDITOR (a terminal editor in a terminal
    // emulator), else empty, which means the desktop's handler for the file.
    static QString defaultCommand();
    // The first remap whose prefix the path starts with, applied.
    static QString remap(const QString& path, const QList<QPair<QString, QString>>& remaps);
    // Program and arguments for `command` with %f and %l filled in (shell-like quoting).
    static QStringList commandLine(const QString& command, const QString& file, int line);
    // Opens file:line with `command` (or the default); false with the reason in `error`.
    static bool open(const QString& file, int line, const QString& command, const QList<QPair<QString, QString>>& remaps,
                     QString* error = nullptr);
};

} // namespace heapline
