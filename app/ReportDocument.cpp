#include "ReportDocument.h"

#include "Delegates.h"
#include "model/Growth.h"

#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QUrl>

namespace heapline {

namespace {

// The timeline's width on the page, in the document's pixels (a 96 dpi A4 page's text width).
constexpr double TimelineWidth = 640;

bool rowIsEmpty(QTextTable* table, int row)
{
    for (int column = 0; column < table->columns(); ++column) {
        const QTextTableCell cell = table->cellAt(row, column);
        if (cell.firstCursorPosition().position() != cell.lastCursorPosition().position())
            return false;
    }
    return true;
}

// Markdown's tables of facts have an empty header row ("| | |"), which Qt draws as an empty row;
// and its default table draws each cell in a box of its own inside the table's (a double rule).
void tidyTables(QTextDocument& document)
{
    for (QTextFrame* frame : document.rootFrame()->childFrames()) {
        auto* table = qobject_cast<QTextTable*>(frame);
        if (!table)
            continue;
        // Unruled: Qt's collapsed borders were drawn in parts (some cells' edges, not others').
        QTextTableFormat format = table->format();
        format.setBorder(0);
        format.setCellSpacing(0);
        format.setCellPadding(3);
        if (table->rows() > 1 && rowIsEmpty(table, 0)) {
            table->removeRows(0, 1);
            format.setHeaderRowCount(0);
        }
        table->setFormat(format);
    }
}

// Below the range line ("A 0.000 s (start) → B …"): before the first section's heading.
void insertTimeline(QTextDocument& document, const QImage& timeline)
{
    if (timeline.isNull())
        return;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() != 2 || !block.previous().isValid())
            continue;
        const QUrl name(QStringLiteral("heapline:timeline.png"));
        document.addResource(QTextDocument::ImageResource, name, timeline);
        QTextCursor cursor(block.previous());
        cursor.movePosition(QTextCursor::EndOfBlock);
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        QTextImageFormat image;
        image.setName(name.toString());
        image.setWidth(TimelineWidth);
        image.setHeight(TimelineWidth * timeline.height() / std::max(timeline.width(), 1));
        cursor.insertImage(image);
        return;
    }
}

// A stack's lines are code blocks, which Qt lays out unbroken: a C++ frame's name ran off the
// page's edge.
void wrapCode(QTextDocument& document)
{
    QTextCursor cursor(&document);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        if (!format.nonBreakableLines())
            continue;
        format.setNonBreakableLines(false);
        cursor.setPosition(block.position());
        cursor.setBlockFormat(format);
    }
}

// A class's name in its colour, as the window draws it (the HTML report does too): where it is
// bold (the heap's class, each suspect's), or a table's cell of the class alone ("stepwise !").
void colourClasses(QTextDocument& document)
{
    static const QString names = [] {
        QStringList list;
        for (int c = int(GrowthClass::Flat); c <= int(GrowthClass::Native); ++c)
            list << QString::fromLatin1(growthClassName(GrowthClass(c)));
        return list.join(QLatin1Char('|'));
    }();
    static const QRegularExpression word(QStringLiteral("\\b(%1)\\b").arg(names));
    // A table's class cell carries the leak-like mark or the low-confidence '?' after the name.
    static const QRegularExpression cellOfClass(QStringLiteral("^(%1)( [!?])?$").arg(names));
    for (QTextCursor found = document.find(word); !found.isNull(); found = document.find(word, found)) {
        bool colour = found.charFormat().fontWeight() >= QFont::Bold;
        if (QTextTable* table = found.currentTable(); table && !colour) {
            const QTextTableCell cell = table->cellAt(found);
            QTextCursor whole = cell.firstCursorPosition();
            whole.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
            colour = cellOfClass.match(whole.selectedText()).hasMatch();
        }
        const auto cls = parseGrowthClass(found.selectedText().toStdString());
        if (!colour || !cls)
            continue;
        QTextCharFormat format;
        format.setForeground(classColor(*cls));
        found.mergeCharFormat(format);
    }
}

} // namespace

bool isPdfPath(const QString& path)
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
}

std::unique_ptr<QTextDocument> reportDocument(const QString& markdown, const QImage& timeline)
{
    auto document = std::make_unique<QTextDocument>();
    document->setMarkdown(markdown);
    tidyTables(*document);
    wrapCode(*document);
    colourClasses(*document);
    insertTimeline(*document, timeline);
    return document;
}

bool writeReportPdf(const QTextDocument& document, const QString& path, const QString& title, QString* error)
{
    QSaveFile file(path);
    const auto fail = [&] {
        if (error)
            *error = file.errorString();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail();
    {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(300);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Heapline %1").arg(QStringLiteral(HEAPLINE_VERSION)));
        document.print(&pdf);
    }
    return file.commit() || fail();
}

} // namespace heapline
