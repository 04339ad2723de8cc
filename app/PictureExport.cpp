#include "PictureExport.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace heapline {

bool exportPicture(QWidget* view, const QString& path, const QString& title, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!view || view->size().isEmpty())
        return fail(QCoreApplication::translate("PictureExport", "there is no view to export"));
    // A view redrawn a moment ago (the timeline after a zoom or a resize) lays out its legend and
    // labels on the next pass of the event loop: the picture is of the laid-out view.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(view->size());
        svg.setViewBox(QRect(QPoint(0, 0), view->size()));
        svg.setTitle(title);
        svg.setDescription(QStringLiteral("Heapline %1").arg(QStringLiteral(HEAPLINE_VERSION)));
        QPainter painter(&svg);
        view->render(&painter);
        painter.end();
    } else {
        const QPixmap picture = view->grab();
        if (!picture.save(&file, "PNG"))
            return fail(QCoreApplication::translate("PictureExport", "the picture could not be encoded"));
    }
    if (!file.commit())
        return fail(file.errorString());
    return true;
}

} // namespace heapline
