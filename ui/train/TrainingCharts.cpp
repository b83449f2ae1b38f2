#include "TrainingCharts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QSignalBlocker>
#include <QSlider>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "CurveChart.h"
#include "CurveDecimation.h"
#include "RunCurves.h"

namespace nw::ui {

namespace {

// Training in blue, validation in orange (the usual pairing); overlaid runs take the other
// colours of the same qualitative palette, so no overlay looks like the live run.
const QColor kTrainColor(31, 119, 180);
const QColor kTrainEpochColor(8, 48, 107);
const QColor kValidationColor(255, 127, 14);
const std::array<QColor, 8> kOverlayColors{QColor(44, 160, 44),  QColor(214, 39, 40),  QColor(148, 103, 189),
                                           QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
                                           QColor(188, 189, 34), QColor(23, 190, 207)};
const std::array<QColor, 10> kLayerColors{QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                          QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75),
                                          QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                          QColor(23, 190, 207)};
const QColor kLearningRateColor(148, 103, 189);

QColor translucent(QColor color, int alpha) {
    color.setAlpha(alpha);
    return color;
}

// 1, 2 or 5 times a power of ten, so that span holds about `ticks` intervals.
double niceStep(double span, int ticks) {
    if (!(span > 0.0)) return 1.0;
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalized = raw / magnitude;
    const double nice = normalized <= 1.0 ? 1.0 : normalized <= 2.0 ? 2.0 : normalized <= 5.0 ? 5.0 : 10.0;
    return nice * magnitude;
}

// Sets range and tick interval in the order that never asks the axis for a huge number of
// ticks in between (a range of 18,750 steps with the 0.2 interval of a previous epoch axis).
void setAxis(QValueAxis* axis, double low, double high, double step) {
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(low, high);
    } else {
        axis->setRange(low, high);
        axis->setTickInterval(step);
    }
}

QValueAxis* valueAxis(const QString& title, const char* format) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(format);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(0.2);
    axis->setRange(0, 1);
    return axis;
}

struct Extent {
    double minX = std::numeric_limits<double>::infinity(), maxX = -std::numeric_limits<double>::infinity();
    double minY = std::numeric_limits<double>::infinity(), maxY = -std::numeric_limits<double>::infinity();
    bool empty() const { return minX > maxX; }
    void add(const QList<QPointF>& points) {
        for (const QPointF& p : points) {
            minX = std::min(minX, p.x()), maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y()), maxY = std::max(maxY, p.y());
        }
    }
};

Extent extentOf(const CurveChart& chart) {
    Extent extent;
    for (const QLineSeries* series : chart.allSeries())
        if (series->isVisible()) extent.add(series->points());
    return extent;
}

// The loss function goes in the chart title: a vertical axis title has no room for it.
QString lossTitle(const RunRecord* run) {
    if (!run || run->config.loss.empty()) return TrainingCharts::tr("Loss");
    return TrainingCharts::tr("Loss (%1)").arg(QString::fromStdString(run->config.loss).replace('_', ' '));
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    loss_ = std::make_unique<CurveChart>(tr("Loss"), valueAxis(tr("loss"), "%g"), this);
    accuracy_ = std::make_unique<CurveChart>(tr("Accuracy"), valueAxis(tr("accuracy"), "%g"), this);
    learningRate_ = std::make_unique<CurveChart>(tr("Learning rate"), valueAxis(tr("learning rate"), "%g"), this);
    auto* logAxis = new QLogValueAxis;
    logAxis->setBase(10.0);
    logAxis->setLabelFormat("%g");
    logAxis->setMinorTickCount(-1);  // 2 … 9 between the decades, drawn faintly
    logAxis->setMinorGridLinePen(QPen(QColor(238, 238, 238), 1.0));
    logAxis->setTitleText(tr("gradient L2 norm"));
    logAxis->setRange(1e-3, 10.0);
    gradientNorm_ = std::make_unique<CurveChart>(tr("Gradient norm per layer"), logAxis, this);
    learningRate_->setLegendVisible(false);  // one curve, named by the chart title

    loss_->view()->setObjectName("lossChart");
    accuracy_->view()->setObjectName("accuracyChart");
    learningRate_->view()->setObjectName("learningRateChart");
    gradientNorm_->view()->setObjectName("gradientNormChart");

    auto* grid = new QGridLayout;
    grid->setSpacing(6);
    grid->addWidget(loss_->panel(), 0, 0);
    grid->addWidget(accuracy_->panel(), 0, 1);
    grid->addWidget(learningRate_->panel(), 1, 0);
    grid->addWidget(gradientNorm_->panel(), 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildControlBar());
    layout->addLayout(grid, 1);

    rebuildSeries();
    refresh();
}

TrainingCharts::~TrainingCharts() = default;

QWidget* TrainingCharts::buildControlBar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(4, 2, 4, 2);

    axisCombo_ = new QComboBox(bar);
    axisCombo_->setObjectName("timeAxisCombo");
    axisCombo_->addItem(tr("Steps"));
    axisCombo_->addItem(tr("Epochs"));
    axisCombo_->setToolTip(tr("Plot every chart against optimizer steps or against (fractional) epochs"));
    auto* axisLabel = new QLabel(tr("X axis:"), bar);
    axisLabel->setBuddy(axisCombo_);
    connect(axisCombo_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setTimeAxis(index == 1 ? TimeAxis::Epochs : TimeAxis::Steps); });

    smoothingSlider_ = new QSlider(Qt::Horizontal, bar);
    smoothingSlider_->setObjectName("smoothingSlider");
    smoothingSlider_->setRange(0, 999);
    smoothingSlider_->setPageStep(50);
    smoothingSlider_->setFixedWidth(160);
    smoothingSlider_->setValue(static_cast<int>(std::lround(smoothing_ * 1000)));
    smoothingSlider_->setToolTip(tr("Exponential moving average of the per-batch curves (0: none, 0.99: heavy)"));
    smoothingLabel_ = new QLabel(bar);
    smoothingLabel_->setMinimumWidth(smoothingLabel_->fontMetrics().horizontalAdvance("0.000") + 4);
    smoothingLabel_->setText(QString::number(smoothing_, 'f', 3));
    auto* smoothingTitle = new QLabel(tr("Smoothing:"), bar);
    smoothingTitle->setBuddy(smoothingSlider_);
    connect(smoothingSlider_, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 1000.0); });

    rawCheck_ = new QCheckBox(tr("Raw batches"), bar);
    rawCheck_->setObjectName("rawBatchesCheck");
    rawCheck_->setChecked(rawVisible_);
    rawCheck_->setToolTip(tr("Show the unsmoothed loss and accuracy of every batch behind the smoothed curve"));
    connect(rawCheck_, &QCheckBox::toggled, this, &TrainingCharts::setRawBatchesVisible);

    row->addWidget(axisLabel);
    row->addWidget(axisCombo_);
    row->addSpacing(16);
    row->addWidget(smoothingTitle);
    row->addWidget(smoothingSlider_);
    row->addWidget(smoothingLabel_);
    row->addSpacing(16);
    row->addWidget(rawCheck_);
    row->addStretch(1);
    return bar;
}

void TrainingCharts::setLiveRun(std::shared_ptr<const RunRecord> run) {
    // Always rebuilt, even for the same record: it may have been replaced in place (a run
    // resumed from an earlier epoch) with as many points as before.
    live_ = std::move(run);
    rebuildSeries();
    refresh();
}

void TrainingCharts::setOverlaidRuns(std::vector<std::shared_ptr<const RunRecord>> runs) {
    std::erase(runs, nullptr);
    overlaid_ = std::move(runs);
    rebuildSeries();
    refresh();
}

void TrainingCharts::setTimeAxis(TimeAxis axis) {
    if (axis == timeAxis_) return;
    timeAxis_ = axis;
    const QSignalBlocker block(axisCombo_);
    axisCombo_->setCurrentIndex(axis == TimeAxis::Epochs ? 1 : 0);
    updateTitles();
    markAllStale();
    refresh();
}

void TrainingCharts::setSmoothing(double factor) {
    factor = std::clamp(factor, 0.0, 0.999);
    if (factor == smoothing_) return;
    smoothing_ = factor;
    const QSignalBlocker block(smoothingSlider_);
    smoothingSlider_->setValue(static_cast<int>(std::lround(factor * 1000)));
    smoothingLabel_->setText(QString::number(factor, 'f', 3));
    markAllStale();
    refresh();
}

void TrainingCharts::setRawBatchesVisible(bool visible) {
    if (visible == rawVisible_) return;
    rawVisible_ = visible;
    const QSignalBlocker block(rawCheck_);
    rawCheck_->setChecked(visible);
    for (const RunSeries& s : drawnRuns_)
        for (QLineSeries* raw : {s.lossRaw, s.metricRaw})
            if (raw) raw->setVisible(visible);
    markAllStale();
    refresh();
}

void TrainingCharts::setMaxPointsPerSeries(int maxPoints) {
    maxPoints = std::max(16, maxPoints);
    if (maxPoints == maxPoints_) return;
    maxPoints_ = maxPoints;
    markAllStale();
    refresh();
}

QList<QPointF> TrainingCharts::seriesPoints(const QString& chart, const QString& series) const {
    const CurveChart* found = chart == "loss"            ? loss_.get()
                              : chart == "accuracy"      ? accuracy_.get()
                              : chart == "learning rate" ? learningRate_.get()
                              : chart == "gradient norm" ? gradientNorm_.get()
                                                         : nullptr;
    const QLineSeries* s = found ? found->series(series) : nullptr;
    return s ? s->points() : QList<QPointF>{};
}

const RunRecord* TrainingCharts::firstRun() const {
    if (live_) return live_.get();
    return overlaid_.empty() ? nullptr : overlaid_.front().get();
}

bool TrainingCharts::needsRebuild() const {
    const RunRecord* run = firstRun();
    if (run && isRegressionRun(*run) != regression_) return true;
    return live_ && live_->layerNames.size() != liveLayerCount_;
}

void TrainingCharts::rebuildSeries() {
    for (CurveChart* chart : {loss_.get(), accuracy_.get(), learningRate_.get(), gradientNorm_.get()})
        chart->removeAllSeries();
    drawnRuns_.clear();
    const RunRecord* first = firstRun();
    regression_ = first && isRegressionRun(*first);
    liveLayerCount_ = live_ ? live_->layerNames.size() : 0;

    if (live_) addLiveSeries(*live_);
    std::set<QString> names;
    std::size_t colorIndex = 0;
    for (const auto& run : overlaid_) {
        if (run == live_) continue;  // already drawn in full
        QString name = QString::fromStdString(run->name.empty() ? run->id : run->name);
        if (name.isEmpty()) name = tr("run");
        // Two runs with one name must still be told apart in the legend.
        const QString base = name;
        for (int copy = 2; names.count(name); ++copy) name = QStringLiteral("%1 (%2)").arg(base).arg(copy);
        names.insert(name);
        addOverlaySeries(*run, name, kOverlayColors[colorIndex++ % kOverlayColors.size()]);
    }
    updateTitles();
}

void TrainingCharts::addLiveSeries(const RunRecord& run) {
    RunSeries s;
    s.run = &run;
    const CurveStyle raw{translucent(kTrainColor, 70), 1.0};
    const CurveStyle smoothed{kTrainColor, 2.0};
    const CurveStyle trainEpoch{kTrainEpochColor, 2.0, Qt::SolidLine, true};
    const CurveStyle validation{kValidationColor, 2.0, Qt::SolidLine, true};
    s.lossRaw = loss_->addSeries(tr("training per batch"), raw);
    s.lossSmoothed = loss_->addSeries(tr("training smoothed"), smoothed);
    s.lossEpoch = loss_->addSeries(tr("training per epoch"), trainEpoch);
    s.lossValidation = loss_->addSeries(tr("validation per epoch"), validation);
    if (!regression_) {  // regression batches have no accuracy to draw
        s.metricRaw = accuracy_->addSeries(tr("training per batch"), raw);
        s.metricSmoothed = accuracy_->addSeries(tr("training smoothed"), smoothed);
    }
    s.metricEpoch = accuracy_->addSeries(tr("training per epoch"), trainEpoch);
    s.metricValidation = accuracy_->addSeries(tr("validation per epoch"), validation);
    for (QLineSeries* r : {s.lossRaw, s.metricRaw})
        if (r) r->setVisible(rawVisible_);
    s.learningRate = learningRate_->addSeries(tr("learning rate"), {kLearningRateColor, 2.0});
    for (std::size_t layer = 0; layer < run.layerNames.size(); ++layer) {
        // Past ten layers the colours repeat, dashed.
        const CurveStyle style{kLayerColors[layer % kLayerColors.size()], 1.5,
                               layer < kLayerColors.size() ? Qt::SolidLine : Qt::DashLine};
        s.gradientNorms.push_back(gradientNorm_->addSeries(QString::fromStdString(run.layerNames[layer]), style));
    }
    drawnRuns_.push_back(std::move(s));
}

void TrainingCharts::addOverlaySeries(const RunRecord& run, const QString& name, const QColor& color) {
    RunSeries s;
    s.run = &run;
    s.lossSmoothed = loss_->addSeries(tr("%1: training smoothed").arg(name), {color, 1.5});
    s.lossValidation = loss_->addSeries(tr("%1: validation").arg(name), {color, 1.5, Qt::DashLine, true});
    s.metricValidation = accuracy_->addSeries(tr("%1: validation").arg(name), {color, 1.5, Qt::DashLine, true});
    drawnRuns_.push_back(std::move(s));
}

bool TrainingCharts::isStale(const RunSeries& s) const {
    const RunRecord& run = *s.run;
    // Records only grow while training, or are cut back to an epoch when a run resumes, so
    // their sizes and last point tell whether anything changed, without reading them all.
    const long long lastStep = run.batches.empty() ? -1 : run.batches.back().step;
    const float lastLoss = run.batches.empty() ? 0.0f : run.batches.back().loss;
    return !s.drawn || s.drawnBatches != run.batches.size() || s.drawnEpochs != run.epochs.size() ||
           s.drawnGradients != run.gradientNorms.size() || s.drawnLastStep != lastStep ||
           std::memcmp(&s.drawnLastLoss, &lastLoss, sizeof lastLoss) != 0;  // bitwise: NaN too
}

void TrainingCharts::markAllStale() {
    for (RunSeries& s : drawnRuns_) s.drawn = false;
}

void TrainingCharts::refresh() {
    if (needsRebuild()) rebuildSeries();
    bool changed = false;
    for (RunSeries& s : drawnRuns_)
        if (isStale(s)) {
            draw(s);
            changed = true;
        }
    if (changed || drawnRuns_.empty()) {
        updateRanges();
        for (CurveChart* chart : {loss_.get(), accuracy_.get(), learningRate_.get(), gradientNorm_.get()})
            chart->updateLegend();
    }
    updateHint();
}

void TrainingCharts::drawSmoothedPair(CurveChart& chart, QLineSeries* raw, QLineSeries* smoothed,
                                      const std::vector<QPointF>& points) {
    // A hidden raw curve costs nothing: it is emptied rather than thinned.
    if (raw) chart.setPoints(raw, rawVisible_ ? decimateMinMax(points, maxPoints_) : QList<QPointF>{});
    // The smoothed curve is there to show the trend: thinned by bucket means it stays one
    // line, where min/max would draw its leftover wiggle as a band.
    if (smoothed) chart.setPoints(smoothed, decimateMean(exponentialMovingAverage(points, smoothing_), maxPoints_));
}

void TrainingCharts::draw(RunSeries& s) {
    const RunRecord& run = *s.run;
    const bool inEpochs = timeAxis_ == TimeAxis::Epochs;
    const bool regression = regression_;
    auto epochs = [&](auto value) { return decimateMinMax(epochCurve(run, value, inEpochs), maxPoints_); };

    drawSmoothedPair(*loss_, s.lossRaw, s.lossSmoothed, batchCurve(run, &BatchPoint::loss, inEpochs));
    if (s.lossEpoch) loss_->setPoints(s.lossEpoch, epochs(trainLoss));
    if (s.lossValidation) loss_->setPoints(s.lossValidation, epochs(validationLoss));
    if (s.metricRaw || s.metricSmoothed)
        drawSmoothedPair(*accuracy_, s.metricRaw, s.metricSmoothed, batchCurve(run, &BatchPoint::accuracy, inEpochs));
    if (s.metricEpoch)
        accuracy_->setPoints(s.metricEpoch, epochs([regression](const EpochReport& r) { return trainAccuracyOrR2(r, regression); }));
    if (s.metricValidation)
        accuracy_->setPoints(s.metricValidation,
                             epochs([regression](const EpochReport& r) { return validationAccuracyOrR2(r, regression); }));
    if (s.learningRate)
        learningRate_->setPoints(s.learningRate, decimateMinMax(batchCurve(run, &BatchPoint::learningRate, inEpochs), maxPoints_));
    for (std::size_t layer = 0; layer < s.gradientNorms.size(); ++layer)
        gradientNorm_->setPoints(s.gradientNorms[layer], decimateMinMax(gradientNormCurve(run, layer, inEpochs), maxPoints_));

    s.drawnBatches = run.batches.size();
    s.drawnEpochs = run.epochs.size();
    s.drawnGradients = run.gradientNorms.size();
    s.drawnLastStep = run.batches.empty() ? -1 : run.batches.back().step;
    s.drawnLastLoss = run.batches.empty() ? 0.0f : run.batches.back().loss;
    s.drawn = true;
}

void TrainingCharts::updateRanges() {
    const Extent loss = extentOf(*loss_), metric = extentOf(*accuracy_);
    const Extent rate = extentOf(*learningRate_), norms = extentOf(*gradientNorm_);

    // One time range for all four charts, so a moment lines up across them.
    double maxX = 0.0;
    for (const Extent* e : {&loss, &metric, &rate, &norms})
        if (!e->empty()) maxX = std::max(maxX, e->maxX);
    if (!(maxX > 0.0)) maxX = timeAxis_ == TimeAxis::Epochs ? 1.0 : 10.0;
    double xStep = niceStep(maxX, 6);
    if (timeAxis_ == TimeAxis::Steps) xStep = std::max(1.0, xStep);
    for (CurveChart* chart : {loss_.get(), accuracy_.get(), learningRate_.get(), gradientNorm_.get()})
        setAxis(chart->timeAxis(), 0.0, maxX, xStep);

    auto* lossAxis = static_cast<QValueAxis*>(loss_->valueAxis());
    if (loss.empty()) {
        setAxis(lossAxis, 0.0, 1.0, 0.2);
    } else {
        const double low = std::min(0.0, loss.minY);
        const double high = loss.maxY > low ? loss.maxY + 0.05 * (loss.maxY - low) : low + 1.0;
        setAxis(lossAxis, low, high, niceStep(high - low, 5));
    }

    auto* metricAxis = static_cast<QValueAxis*>(accuracy_->valueAxis());
    if (regression_ && !metric.empty() && metric.minY < 0.0) {
        // A poor start has R² far below 0; the chart keeps to the interesting −1 … 1 and
        // starts at a tick.
        const double rawLow = std::max(-1.0, metric.minY);
        const double step = niceStep(1.0 - rawLow, 5);
        setAxis(metricAxis, std::max(-1.0, std::floor(rawLow / step) * step), 1.0, step);
    } else {
        setAxis(metricAxis, 0.0, 1.0, 0.2);
    }

    auto* rateAxis = static_cast<QValueAxis*>(learningRate_->valueAxis());
    const double rateHigh = !rate.empty() && rate.maxY > 0.0 ? rate.maxY * 1.1 : 1.0;
    setAxis(rateAxis, 0.0, rateHigh, niceStep(rateHigh, 5));

    // Whole decades, so the logarithmic axis always has labelled ticks.
    auto* normAxis = static_cast<QLogValueAxis*>(gradientNorm_->valueAxis());
    if (norms.empty()) {
        normAxis->setRange(1e-3 * (1.0 - 1e-9), 10.0 * (1.0 + 1e-9));
    } else {
        const double low = std::pow(10.0, std::floor(std::log10(norms.minY)));
        double high = std::pow(10.0, std::ceil(std::log10(norms.maxY)));
        if (high <= low) high = low * 10.0;
        // log10(1e-4) comes out a hair above −4 and the axis would drop that label; the
        // range is widened by a rounding error's worth so both end decades keep theirs.
        normAxis->setRange(low * (1.0 - 1e-9), high * (1.0 + 1e-9));
    }
}

void TrainingCharts::updateTitles() {
    const QString time = timeAxis_ == TimeAxis::Epochs ? tr("epoch") : tr("optimizer step");
    for (CurveChart* chart : {loss_.get(), accuracy_.get(), learningRate_.get(), gradientNorm_.get()}) {
        chart->timeAxis()->setTitleText(time);
        chart->timeAxis()->setLabelFormat(timeAxis_ == TimeAxis::Epochs ? "%g" : "%d");
    }
    loss_->chart()->setTitle(lossTitle(firstRun()));
    accuracy_->chart()->setTitle(regression_ ? tr("R² per epoch (regression)") : tr("Accuracy"));
    accuracy_->valueAxis()->setTitleText(regression_ ? tr("R²") : tr("accuracy"));
}

void TrainingCharts::updateHint() {
    const bool liveEmpty = live_ && live_->batches.empty() && live_->epochs.empty();
    if (!live_ && overlaid_.empty())
        loss_->setHint(tr("Press Train (F5) to start a run"));
    else if (liveEmpty && overlaid_.empty())
        loss_->setHint(tr("Waiting for the first batch…"));
    else
        loss_->setHint(QString());
    gradientNorm_->setHint(live_ && !live_->batches.empty() && live_->gradientNorms.empty()
                               ? tr("No gradient norms recorded for this run")
                               : QString());
}

}  // namespace nw::ui
