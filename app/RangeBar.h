#pragma once

#include "ProfileLoader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace heapline {

class Selection;

// A and B as text: time specs typed into two fields (12.5s, peak, 40%, #7, mark:NAME),
// presets, what they snapped to, and Δ between them.
class RangeBar : public QWidget {
    Q_OBJECT

public:
    RangeBar(Selection* selection, QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    // Two files: A is the end of `base` (named `name`) and cannot be typed. Null for one file.
    void setBase(ProfilePtr base, const QString& name);
    QLineEdit* fieldA() const { return m_a; }
    QLineEdit* fieldB() const { return m_b; }
    QString deltaText() const;
    // The presets: start → end, start → peak, peak → end.
    void applyPreset(int index);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply(QLineEdit* field, bool isA);
    void refresh();

    Selection* m_selection;
    ProfilePtr m_profile;
    ProfilePtr m_base;
    QString m_baseName;
    QLineEdit* m_a;
    QLineEdit* m_b;
    QComboBox* m_presets;
    QLabel* m_delta;
};

} // namespace heapline
