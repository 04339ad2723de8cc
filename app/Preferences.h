#pragma once

#include "model/Suppressions.h"

#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QTableWidget;

namespace heapline {

// What a user sets once and keeps (QSettings): leak suppressions, the editor that opens source
// files, and where paths recorded elsewhere (a build container) are found on this machine.
struct Preferences {
    QStringList suppressionFiles;
    bool embeddedSuppressions = true;
    bool builtinSuppressions = true;
    QString editorCommand; // empty: $VISUAL / $EDITOR, else the desktop's handler
    QList<QPair<QString, QString>> pathRemaps; // recorded prefix -> local prefix

    static Preferences load();
    void save() const;
    // The suppression files read; false with "FILE:LINE: …" in `error` (the others still apply).
    bool suppressionSettings(SuppressionSettings& settings, QString& error) const;
    friend bool operator==(const Preferences&, const Preferences&) = default;
};

// Edit › Preferences: suppressions, editor, path remaps.
class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PreferencesDialog(const Preferences& preferences, QWidget* parent = nullptr);
    Preferences preferences() const;

private:
    QListWidget* m_suppressionFiles;
    QCheckBox* m_embedded;
    QCheckBox* m_builtin;
    QComboBox* m_editorPreset;
    QLineEdit* m_editorCommand;
    QTableWidget* m_remaps;
};

} // namespace heapline
