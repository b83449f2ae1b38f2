#pragma once
#include <QStringList>
#include <QWidget>
#include <vector>

namespace nw::ui {

// Class probabilities as horizontal bars, one row per class with its name and percentage:
// the predicted (most probable) class is filled in the highlight colour, and the true class,
// when known, gets an outline and a "true" tag.
class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget* parent = nullptr);

    // trueClass −1: unknown (a drawn digit).
    void setProbabilities(const std::vector<float>& probabilities, const QStringList& classNames, int trueClass = -1);
    void clear();

    const std::vector<float>& probabilities() const { return probabilities_; }
    int trueClass() const { return trueClass_; }
    // The most probable class, −1 when empty.
    int predictedClass() const { return predicted_; }
    // Where row `cls` is painted (its whole line: name, bar and percentage).
    QRect rowRect(int cls) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString className(int cls) const;
    int rowHeight() const;

    std::vector<float> probabilities_;
    QStringList names_;
    int trueClass_ = -1;
    int predicted_ = -1;
};

}  // namespace nw::ui
