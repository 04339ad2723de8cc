#include "Preferences.h"

#include "SourceOpener.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace heapline {

Preferences Preferences::load()
{
    const QSettings s;
    Preferences p;
    p.suppressionFiles = s.value(QStringLiteral("suppressions/files")).toStringList();
    p.embeddedSuppressions = s.value(QStringLiteral("suppressions/embedded"), true).toBool();
    p.builtinSuppressions = s.value(QStringLiteral("suppressions/builtin"), true).toBool();
    p.editorCommand = s.value(QStringLiteral("editor/command")).toString();
    const QStringList remaps = s.value(QStringLiteral("editor/remaps")).toStringList();
    for (qsizetype i = 0; i + 1 < remaps.size(); i += 2)
        p.pathRemaps.append({ remaps[i], remaps[i + 1] });
    return p;
}

void Preferences::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("suppressions/files"), suppressionFiles);
    s.setValue(QStringLiteral("suppressions/embedded"), embeddedSuppressions);
    s.setValue(QStringLiteral("suppressions/builtin"), builtinSuppressions);
    s.setValue(QStringLiteral("editor/command"), editorCommand);
    QStringList remaps;
    for (const auto& [from, to] : pathRemaps)
        remaps << from << to;
    s.setValue(QStringLiteral("editor/remaps"), remaps);
}

bool Preferences::suppressionSettings(SuppressionSettings& settings, QString& error) const
{
    settings = {};
    settings.embedded = embeddedSuppressions;
    settings.builtin = builtinSuppressions;
    bool ok = true;
    for (const QString& file : suppressionFiles) {
        std::string message;
        if (!readSuppressionFile(file.toStdString(), settings.fromFiles, message)) {
            error = QString::fromStdString(message);
            ok = false;
        }
    }
    return ok;
}

PreferencesDialog::PreferencesDialog(const Preferences& preferences, QWidget* parent)
    : QDialog(parent)
    , m_suppressionFiles(new QListWidget(this))
    , m_embedded(new QCheckBox(tr("Apply the suppressions the recording carries (a program's __lsan_default_suppressions)"), this))
    , m_builtin(new QCheckBox(tr("Apply heaptrack's built-in suppressions of known system-library leaks"), this))
    , m_editorPreset(new QComboBox(this))
    , m_editorCommand(new QLineEdit(this))
    , m_remaps(new QTableWidget(0, 2, this))
{
    setWindowTitle(tr("Preferences"));
    auto* tabs = new QTabWidget(this);

    auto* suppressions = new QWidget(tabs);
    auto* sLayout = new QVBoxLayout(suppressions);
    sLayout->addWidget(new QLabel(tr("Suppression files, in LeakSanitizer's form (one <tt>leak:PATTERN</tt> per line), as "
                                     "<tt>heaptrack_print --suppressions</tt> takes them. Matching callsites leave the diff's rows "
                                     "and are counted apart, beside the leaked bytes."),
                                  suppressions));
    qobject_cast<QLabel*>(sLayout->itemAt(0)->widget())->setWordWrap(true);
    m_suppressionFiles->addItems(preferences.suppressionFiles);
    sLayout->addWidget(m_suppressionFiles);
    auto* fileButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("&Add…"), suppressions);
    auto* remove = new QPushButton(tr("&Remove"), suppressions);
    fileButtons->addWidget(add);
    fileButtons->addWidget(remove);
    fileButtons->addStretch(1);
    sLayout->addLayout(fileButtons);
    m_embedded->setChecked(preferences.embeddedSuppressions);
    m_builtin->setChecked(preferences.builtinSuppressions);
    sLayout->addWidget(m_embedded);
    sLayout->addWidget(m_builtin);
    connect(add, &QPushButton::clicked, this, [this] {
        for (const QString& file : QFileDialog::getOpenFileNames(this, tr("Suppression Files")))
            m_suppressionFiles->addItem(file);
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete m_suppressionFiles->currentItem(); });
    tabs->addTab(suppressions, tr("&Suppressions"));

    auto* editor = new QWidget(tabs);
    auto* form = new QFormLayout(editor);
    m_editorPreset->addItem(tr("Default ($VISUAL, $EDITOR or the desktop's choice)"), QString());
    for (const auto& preset : SourceOpener::presets())
        m_editorPreset->addItem(preset.name, preset.command);
    m_editorPreset->addItem(tr("Custom"), QStringLiteral("custom"));
    m_editorCommand->setText(preferences.editorCommand);
    m_editorCommand->setPlaceholderText(SourceOpener::defaultCommand().isEmpty() ? tr("the desktop's handler for the file")
                                                                                 : SourceOpener::defaultCommand());
    m_editorCommand->setToolTip(tr("%f is the file, %l the line"));
    const int preset = m_editorPreset->findData(preferences.editorCommand);
    m_editorPreset->setCurrentIndex(preset >= 0 ? preset : m_editorPreset->count() - 1);
    connect(m_editorPreset, &QComboBox::activated, this, [this](int index) {
        const QString command = m_editorPreset->itemData(index).toString();
        if (command != QLatin1String("custom"))
            m_editorCommand->setText(command);
    });
    form->addRow(tr("&Editor:"), m_editorPreset);
    form->addRow(tr("&Command:"), m_editorCommand);
    m_remaps->setHorizontalHeaderLabels({ tr("Recorded path prefix"), tr("Path on this machine") });
    m_remaps->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (const auto& [from, to] : preferences.pathRemaps) {
        const int row = m_remaps->rowCount();
        m_remaps->insertRow(row);
        m_remaps->setItem(row, 0, new QTableWidgetItem(from));
        m_remaps->setItem(row, 1, new QTableWidgetItem(to));
    }
    auto* addRemap = new QPushButton(tr("Add &remap"), editor);
    connect(addRemap, &QPushButton::clicked, this, [this] {
        m_remaps->insertRow(m_remaps->rowCount());
        m_remaps->editItem(nullptr);
    });
    form->addRow(tr("Path &remaps:"), m_remaps);
    form->addRow(QString(), addRemap);
    tabs->addTab(editor, tr("&Editor"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(640, 420);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    for (int i = 0; i < m_suppressionFiles->count(); ++i)
        p.suppressionFiles << m_suppressionFiles->item(i)->text();
    p.embeddedSuppressions = m_embedded->isChecked();
    p.builtinSuppressions = m_builtin->isChecked();
    p.editorCommand = m_editorCommand->text().trimmed();
    for (int row = 0; row < m_remaps->rowCount(); ++row) {
        const auto* from = m_remaps->item(row, 0);
        const auto* to = m_remaps->item(row, 1);
        if (from && to && !from->text().isEmpty())
            p.pathRemaps.append({ from->text(), to->text() });
    }
    return p;
}

} // namespace heapline
