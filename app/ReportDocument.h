#pragma once

#include <QImage>
#include <QString>
#include <memory>

class QTextDocument;

namespace heapline {

// File › Print Leak Report and the PDF form of Export Leak Report: the Markdown report (the same
// text `report --format md` writes) laid out by Qt's own text engine, its tables unruled, the
// classes' names in their colours, and the timeline as the window shows it below the line that
// says what A and B are.
std::unique_ptr<QTextDocument> reportDocument(const QString& markdown, const QImage& timeline);

// Whether a report's path names a PDF (".pdf", in any case).
bool isPdfPath(const QString& path);

// The document as a PDF of A4 pages, written beside `path` and renamed over it (QSaveFile): a
// failed write leaves no half file. False with the reason in `error`.
bool writeReportPdf(const QTextDocument& document, const QString& path, const QString& title, QString* error);

} // namespace heapline
