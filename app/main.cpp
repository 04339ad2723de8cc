#include "MainWindow.h"
#include "MemoryTuning.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char** argv)
{
    heapline::keepFreedMemoryReturned();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Heapline"));
    QApplication::setOrganizationName(QStringLiteral("Heapline"));
    QApplication::setApplicationVersion(QStringLiteral(HEAPLINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("heapline"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Heapline: what grew between here and there, and why."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QApplication::translate("main", "A heaptrack, massif or Heapline profile to open."));
    const QCommandLineOption from(QStringLiteral("from"),
        QApplication::translate(
            "main", "A: 12.5s, 800ms, start, end, auto (before a teardown, else the end), peak, 40%, #7 or mark:NAME."),
        QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"), QApplication::translate("main", "B, as for --from."), QStringLiteral("T"));
    const QCommandLineOption base(QStringLiteral("base"),
        QApplication::translate(
            "main", "Compare with this earlier recording: A is its run before its teardown (its end if it has none)."),
        QStringLiteral("OTHER"));
    parser.addOption(from);
    parser.addOption(to);
    parser.addOption(base);
    parser.process(app);

    heapline::MainWindow window; // registers the resources the icon is in
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/heapline.svg")));
    window.show();
    const auto files = parser.positionalArguments();
    if (!files.isEmpty()) {
        window.setInitialRange(parser.value(from), parser.value(to));
        window.openFile(files.first());
        if (parser.isSet(base)) {
            const QString other = parser.value(base);
            QObject::connect(&window, &heapline::MainWindow::profileShown, &window,
                             [&window, other] { window.compareWith(other); }, Qt::SingleShotConnection);
        }
    }
    return app.exec();
}
