#pragma once
#include <QDoubleSpinBox>

namespace nw::ui {

// A number box that shows the shortest exact form of its value ("0.001", "1e-5", "0.9", not
// "0.0010000" or "0.900") and also accepts e-notation ("1e-4"). For values that span decades
// (learning rates, epsilons, weight decay) its arrows walk the 1-2-5 ladder (1e-4, 2e-4,
// 5e-4, 1e-3, …); with a linear step they add that step instead.
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    // The lowest rung: stepping up from below it lands on it, stepping down from it lands on
    // the minimum (0 for "off").
    void setLadderStart(double value) { ladderStart_ = value; }
    double ladderStart() const { return ladderStart_; }
    // Arrows add this step (rounded to its decimals) instead of walking the ladder; 0: ladder.
    void setLinearStep(double step) { linearStep_ = step; }
    double linearStep() const { return linearStep_; }

    // The shortest text that reads back as exactly value: fixed notation from 1e-4 up to 1e6,
    // e-notation without padding ("2.5e-7") outside.
    static QString format(double value);
    // The shortest text of a float, read back as a double ("1e-07" for 1e-7f, not
    // 1.0000000116860974e-07), so float settings show as typed.
    static double fromFloat(float value);

    QValidator::State validate(QString& text, int& pos) const override;
    double valueFromText(const QString& text) const override;
    QString textFromValue(double value) const override;
    void fixup(QString& text) const override;
    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    QString numberPart(const QString& text) const;

    double ladderStart_ = 1e-6;
    double linearStep_ = 0.0;
};

}  // namespace nw::ui
