#pragma once
#include <QWidget>
#include <vector>

#include "train/TrainingObserver.h"

class QLabel;
class QStackedWidget;
class QTableWidget;

namespace nw::ui {

// Step mode for learning: what one optimizer step did to each layer — the gradient, the
// update and the weights' norms, and the update/weight ratio with a verdict on the learning
// rate (above 1e-2: too high, below 1e-5: too low, about 1e-3: typical).
class LayerStatisticsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { LayerColumn, GradientColumn, UpdateColumn, WeightColumn, RatioColumn, VerdictColumn, ColumnCount };

    explicit LayerStatisticsPanel(QWidget* parent = nullptr);

    void setStatistics(const std::vector<nw::LayerStatistics>& layers, long long step);
    // Back to the invitation to press Step.
    void clear();

    bool hasStatistics() const { return step_ >= 0; }
    long long step() const { return step_; }  // -1 when cleared

    // Three significant digits in e-notation without padding: "1.23e-3", "0", "nan".
    static QString formatNumber(double value);

private:
    long long step_ = -1;
    QLabel* header_ = nullptr;
    QLabel* summary_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QLabel* placeholder_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace nw::ui
