#include "SourceOpener.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>

namespace heapline {

QList<SourceOpener::Preset> SourceOpener::presets()
{
    return {
        { QStringLiteral("Qt Creator"), QStringLiteral("qtcreator -client %f:%l") },
        { QStringLiteral("KDevelop"), QStringLiteral("kdevelop %f:%l") },
        { QStringLiteral("Kate"), QStringLiteral("kate --line %l %f") },
        { QStringLiteral("Visual Studio Code"), QStringLiteral("code --goto %f:%l") },
        { QStringLiteral("CLion"), QStringLiteral("clion --line %l %f") },
        { QStringLiteral("Sublime Text"), QStringLiteral("subl %f:%l") },
        { QStringLiteral("Emacs (client)"), QStringLiteral("emacsclient --no-wait +%l %f") },
        { QStringLiteral("gVim"), QStringLiteral("gvim +%l %f") },
        { QStringLiteral("Vim in a terminal"), QStringLiteral("x-terminal-emulator -e vim +%l %f") },
    };
}

QString SourceOpener::defaultCommand()
{
    for (const char* variable : { "VISUAL", "EDITOR" }) {
        const QString editor = qEnvironmentVariable(variable).trimmed();
        if (editor.isEmpty())
            continue;
        // Terminal editors take +LINE; they need a terminal of their own when started from here.
        const QString name = QFileInfo(QProcess::splitCommand(editor).value(0)).fileName();
        static const QStringList terminalEditors = { QStringLiteral("vi"), QStringLiteral("vim"), QStringLiteral("nvim"), QStringLiteral("nano"),
                                                     QStringLiteral("emacs"), QStringLiteral("micro"), QStringLiteral("hx"), QStringLiteral("kak") };
        const QString command = editor + QStringLiteral(" +%l %f");
        return terminalEditors.contains(name) ? QStringLiteral("x-terminal-emulator -e ") + command : command;
    }
    return {};
}

QString SourceOpener::remap(const QString& path, const QList<QPair<QString, QString>>& remaps)
{
    for (const auto& [from, to] : remaps)
        if (!from.isEmpty() && path.startsWith(from))
            return to + path.mid(from.size());
    return path;
}

QStringList SourceOpener::commandLine(const QString& command, const QString& file, int line)
{
    QStringList parts = QProcess::splitCommand(command);
    for (QString& part : parts) {
        part.replace(QStringLiteral("%f"), file);
        part.replace(QStringLiteral("%l"), QString::number(std::max(line, 1)));
    }
    return parts;
}

bool SourceOpener::open(const QString& recordedFile, int line, const QString& command, const QList<QPair<QString, QString>>& remaps,
                        QString* error)
{
    const QString file = remap(recordedFile, remaps);
    // Python's code compiled from a string (exec, eval, dataclasses' generated __init__) names a
    // "file" of its own that no remap can find: "<string> does not exist on this machine" sent the
    // reader to the preferences.
    if (file.startsWith(QLatin1String("<frozen ")) && file.endsWith(QLatin1Char('>'))) {
        if (error)
            *error
                = QObject::tr("%1 is a module frozen into the Python interpreter: it has no file here; its source is "
                              "the standard library's %2")
                      .arg(file,
                          file.mid(8, file.size() - 9).replace(QLatin1Char('.'), QLatin1Char('/'))
                              + QStringLiteral(".py"));
        return false;
    }
    if (file.startsWith(QLatin1Char('<')) && file.endsWith(QLatin1Char('>'))) {
        if (error)
            *error
                = QObject::tr("%1 is code compiled as the program ran (exec, eval, or a method Python generated): it "
                              "has no file to open; the next frame of the stack is the line that ran it")
                      .arg(file);
        return false;
    }
    if (!QFileInfo::exists(file)) {
        // A module inside a zip archive (a zipapp, an egg): "/srv/app.pyz/__main__.py".
        for (QFileInfo up(QFileInfo(file).path()); !up.isRoot() && up.filePath() != QLatin1String(".");
             up.setFile(up.path())) {
            if (up.isFile()) {
                if (error)
                    *error
                        = QObject::tr("%1 is inside the archive %2, which an editor cannot open at a line: unpack it "
                                      "(python3 -m zipfile -e %2 DIR), or open the source it was built from")
                              .arg(file, up.filePath());
                return false;
            }
        }
        if (error)
            *error = QObject::tr("%1 does not exist on this machine; a path remap in Edit › Preferences can point it elsewhere").arg(file);
        return false;
    }
    const QString effective = command.trimmed().isEmpty() ? defaultCommand() : command;
    if (effective.isEmpty()) {
        if (QDesktopServices::openUrl(QUrl::fromLocalFile(file)))
            return true;
        if (error)
            *error = QObject::tr("No application opens %1; set an editor in Edit › Preferences").arg(file);
        return false;
    }
    QStringList parts = commandLine(effective, file, line);
    const QString program = parts.takeFirst();
    if (QStandardPaths::findExecutable(program).isEmpty() && !QFileInfo(program).isExecutable()) {
        if (error)
            *error = QObject::tr("The editor command '%1' was not found; set another in Edit › Preferences").arg(program);
        return false;
    }
    if (!QProcess::startDetached(program, parts)) {
        if (error)
            *error = QObject::tr("Could not start %1").arg(program);
        return false;
    }
    return true;
}

} // namespace heapline
