#pragma once
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "train/RunRecord.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineSeries;
class QSlider;

namespace nw::ui {

class CurveChart;

// The Train screen's live curves: loss, accuracy (R² per epoch for regression), learning
// rate and per-layer gradient norms, in a 2×2 grid under a bar that switches the shared time
// axis between optimizer steps and epochs, sets the smoothing and hides the raw batch
// curves. Other runs can be overlaid on loss and accuracy to compare them.
//
// Series names, as the legend shows them:
//   loss, accuracy: "training per batch", "training smoothed", "training per epoch",
//                   "validation per epoch"; for each overlaid run "<run>: training smoothed"
//                   (loss only) and "<run>: validation"
//   learning rate:  "learning rate"
//   gradient norm:  one series per layer, named as in RunRecord::layerNames
//
// Every series is thinned to maxPointsPerSeries() points (min/max per bucket), so refresh()
// stays cheap on the GUI thread however long the run.
class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    enum class TimeAxis { Steps, Epochs };

    explicit TrainingCharts(QWidget* parent = nullptr);
    ~TrainingCharts() override;

    // May be nullptr. The record may grow between refresh() calls (not during).
    void setLiveRun(std::shared_ptr<const nw::RunRecord> run);
    // Finished runs to compare with (nullptr entries are ignored).
    void setOverlaidRuns(std::vector<std::shared_ptr<const nw::RunRecord>> runs);
    // Re-reads the records and redraws those that grew or shrank (a refresh without new
    // points costs nearly nothing); meant for up to ~30 calls a second.
    void refresh();

    void setTimeAxis(TimeAxis axis);
    TimeAxis timeAxis() const { return timeAxis_; }
    void setSmoothing(double factor);  // 0 .. 0.999, default 0.9
    double smoothing() const { return smoothing_; }
    void setRawBatchesVisible(bool visible);
    bool rawBatchesVisible() const { return rawVisible_; }

    // For tests: the points of a series ("loss", "accuracy", "learning rate", "gradient
    // norm" chart; series by legend name); empty when there is no such series.
    QList<QPointF> seriesPoints(const QString& chart, const QString& series) const;
    int maxPointsPerSeries() const { return maxPoints_; }
    // Fewer points draw faster (a full repaint is the dominant cost, not refresh()).
    void setMaxPointsPerSeries(int maxPoints);  // at least 16

private:
    // The series one run draws, and the record sizes they were last drawn from.
    struct RunSeries {
        const RunRecord* run = nullptr;
        QLineSeries* lossRaw = nullptr;
        QLineSeries* lossSmoothed = nullptr;
        QLineSeries* lossEpoch = nullptr;
        QLineSeries* lossValidation = nullptr;
        QLineSeries* metricRaw = nullptr;
        QLineSeries* metricSmoothed = nullptr;
        QLineSeries* metricEpoch = nullptr;
        QLineSeries* metricValidation = nullptr;
        QLineSeries* learningRate = nullptr;
        std::vector<QLineSeries*> gradientNorms;
        std::size_t drawnBatches = 0, drawnEpochs = 0, drawnGradients = 0;
        long long drawnLastStep = -1;
        float drawnLastLoss = 0.0f;
        bool drawn = false;
    };

    QWidget* buildControlBar();
    void rebuildSeries();
    void addLiveSeries(const RunRecord& run);
    void addOverlaySeries(const RunRecord& run, const QString& name, const QColor& color);
    bool needsRebuild() const;
    bool isStale(const RunSeries& s) const;
    void draw(RunSeries& s);
    void drawSmoothedPair(CurveChart& chart, QLineSeries* raw, QLineSeries* smoothed, const std::vector<QPointF>& points);
    void updateRanges();
    void updateTitles();
    void updateHint();
    void markAllStale();
    const RunRecord* firstRun() const;

    std::shared_ptr<const RunRecord> live_;
    std::vector<std::shared_ptr<const RunRecord>> overlaid_;
    std::vector<RunSeries> drawnRuns_;  // the live run first, when there is one
    bool regression_ = false;
    std::size_t liveLayerCount_ = 0;

    TimeAxis timeAxis_ = TimeAxis::Steps;
    double smoothing_ = 0.9;
    bool rawVisible_ = true;
    int maxPoints_ = 2000;

    std::unique_ptr<CurveChart> loss_, accuracy_, learningRate_, gradientNorm_;
    QComboBox* axisCombo_ = nullptr;
    QSlider* smoothingSlider_ = nullptr;
    QLabel* smoothingLabel_ = nullptr;
    QCheckBox* rawCheck_ = nullptr;
};

}  // namespace nw::ui
