// The Train screen's curves: thinning long curves without losing spikes, TensorBoard-style
// smoothing, the four charts over a synthetic 10-epoch MNIST-sized run in both time axes,
// regression runs, overlaid runs and a live run that grows between refreshes.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QGraphicsSimpleTextItem>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QXYSeries>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <cmath>

#include "CurveDecimation.h"
#include "CurveLegend.h"
#include "TrainingCharts.h"

using nw::BatchPoint;
using nw::EpochReport;
using nw::RunRecord;
using nw::ui::TrainingCharts;

namespace {

constexpr int kEpochs = 10;
constexpr int kBatchesPerEpoch = 1875;  // MNIST's 60,000 samples at batch 32

// Appends the batches and the report of epoch `epoch` as the trainer would: a decaying,
// noisy loss, the accuracy rising with it, a cosine learning rate and, every 50 steps, the
// gradient norms of three layers (the last one sometimes exactly 0, as a dead layer's is).
void appendEpoch(RunRecord& run, int epoch, int batchesPerEpoch, bool regression) {
    double lossSum = 0.0;
    for (int b = 1; b <= batchesPerEpoch; ++b) {
        BatchPoint p;
        p.step = static_cast<long long>(epoch - 1) * batchesPerEpoch + b;
        p.epoch = epoch - 1 + static_cast<double>(b) / batchesPerEpoch;
        const double trend = 2.3 * std::exp(-static_cast<double>(p.step) / 3000.0) + 0.05;
        p.loss = static_cast<float>(trend * (1.0 + 0.3 * std::sin(p.step * 0.7)));
        p.accuracy = regression ? -1.0f : static_cast<float>(std::clamp(1.0 - p.loss / 2.5, 0.0, 1.0));
        p.learningRate = static_cast<float>(0.01 * 0.5 * (1.0 + std::cos(M_PI * p.step / (kEpochs * batchesPerEpoch))));
        run.batches.push_back(p);
        lossSum += p.loss;
        if (p.step % 50 == 0) {
            nw::GradientNormPoint g{p.step, p.epoch, {1.5f / epoch, 0.02f / epoch, p.step % 100 == 0 ? 0.0f : 3e-4f}};
            run.gradientNorms.push_back(g);
        }
    }
    EpochReport report{};
    report.epoch = epoch;
    report.epochs = kEpochs;
    report.train.loss = lossSum / batchesPerEpoch;
    report.train.samples = 32u * static_cast<std::size_t>(batchesPerEpoch);
    report.validation.loss = report.train.loss * 1.1;
    report.validation.samples = 6000;
    if (regression) {
        report.train.r2 = 1.0 - 1.0 / (epoch + 1);
        report.validation.r2 = 1.0 - 1.2 / (epoch + 1);
    } else {
        report.train.accuracy = 0.8 + 0.015 * epoch;
        report.validation.accuracy = 0.78 + 0.015 * epoch;
    }
    report.learningRate = run.batches.back().learningRate;
    run.epochs.push_back(report);
}

// The charts share the records they draw; these tests keep theirs on the stack.
std::shared_ptr<const RunRecord> borrowed(const RunRecord& run) { return {&run, [](const RunRecord*) {}}; }

RunRecord syntheticRun(const std::string& name, int epochs = kEpochs, int batchesPerEpoch = kBatchesPerEpoch,
                       bool regression = false) {
    RunRecord run;
    run.id = name;
    run.name = name;
    run.config.loss = regression ? "mse" : "cross_entropy";
    run.config.epochs = kEpochs;
    run.layerNames = {"layer 2 (dense)", "layer 3 (dense)", "layer 4 (dense)"};
    for (int e = 1; e <= epochs; ++e) appendEpoch(run, e, batchesPerEpoch, regression);
    return run;
}

QList<QXYSeries*> allSeries(const TrainingCharts& charts) {
    QList<QXYSeries*> found;
    for (QChartView* view : charts.findChildren<QChartView*>())
        for (QAbstractSeries* series : view->chart()->series())
            if (auto* xy = qobject_cast<QXYSeries*>(series)) found << xy;
    return found;
}

QChart* chartNamed(const TrainingCharts& charts, const char* objectName) {
    auto* view = charts.findChild<QChartView*>(objectName);
    return view ? view->chart() : nullptr;
}

}  // namespace

class TrainingChartsTest : public QObject {
    Q_OBJECT
private slots:
    void decimationKeepsEndsAndExtremes() {
        std::vector<QPointF> points;
        for (int i = 0; i < 20000; ++i) points.emplace_back(i, std::sin(i / 100.0));
        points[12345].setY(50.0);  // a loss spike the thinned curve must still show
        points[777].setY(-50.0);
        const QList<QPointF> kept = nw::ui::decimateMinMax(points, 2000);
        QVERIFY2(kept.size() <= 2000, qPrintable(QString::number(kept.size())));
        QVERIFY(kept.size() >= 1000);  // thinned, not gutted
        QCOMPARE(kept.front(), points.front());
        QCOMPARE(kept.back(), points.back());
        QVERIFY(kept.contains(points[12345]));
        QVERIFY(kept.contains(points[777]));
        for (qsizetype i = 1; i < kept.size(); ++i) QVERIFY(kept[i].x() > kept[i - 1].x());
    }

    void decimationLeavesCurvesThatFitAlone() {
        std::vector<QPointF> points{{0, 1}, {1, 3}, {2, 2}};
        QCOMPARE(nw::ui::decimateMinMax(points, 2000), QList<QPointF>({{0, 1}, {1, 3}, {2, 2}}));
        QVERIFY(nw::ui::decimateMinMax({}, 2000).isEmpty());
    }

    void meanDecimationKeepsEndsAndFollowsTheTrend() {
        std::vector<QPointF> points;
        for (int i = 0; i < 20000; ++i) points.emplace_back(i, 3.0 - 0.0001 * i);
        const QList<QPointF> kept = nw::ui::decimateMean(points, 2000);
        QVERIFY(kept.size() <= 2000 && kept.size() >= 1000);
        QCOMPARE(kept.front(), points.front());
        QCOMPARE(kept.back(), points.back());
        for (const QPointF& p : kept) QVERIFY(std::abs(p.y() - (3.0 - 0.0001 * p.x())) < 1e-9);  // means of a line lie on it
        for (qsizetype i = 1; i < kept.size(); ++i) QVERIFY(kept[i].x() > kept[i - 1].x());
    }

    void smoothingAConstantGivesTheConstant() {
        std::vector<QPointF> points;
        for (int i = 0; i < 500; ++i) points.emplace_back(i, 0.75);
        for (double factor : {0.0, 0.6, 0.9, 0.999}) {
            const auto smoothed = nw::ui::exponentialMovingAverage(points, factor);
            QCOMPARE(smoothed.size(), points.size());
            // Debiased: even the first point is not pulled towards 0.
            for (const QPointF& p : smoothed) QVERIFY2(std::abs(p.y() - 0.75) < 1e-9, qPrintable(QString::number(p.y())));
        }
    }

    void smoothingAStepConvergesToTheNewLevel() {
        std::vector<QPointF> points;
        for (int i = 0; i < 1000; ++i) points.emplace_back(i, i < 100 ? 0.0 : 1.0);
        const auto smoothed = nw::ui::exponentialMovingAverage(points, 0.9);
        QCOMPARE(smoothed[99].y(), 0.0);
        QVERIFY(smoothed[100].y() > 0.05 && smoothed[100].y() < 0.2);  // lags behind the step
        for (int i = 101; i < 1000; ++i) QVERIFY(smoothed[i].y() >= smoothed[i - 1].y());
        QVERIFY(std::abs(smoothed.back().y() - 1.0) < 1e-9);
        QCOMPARE(smoothed[500].x(), 500.0);
    }

    void everySeriesOfALongRunStaysWithinTheBudget() {
        const RunRecord run = syntheticRun("live");
        QCOMPARE(run.batches.size(), std::size_t{18750});
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        charts.refresh();
        const QList<QXYSeries*> series = allSeries(charts);
        QVERIFY(series.size() >= 12);  // 4 loss, 4 accuracy, 1 learning rate, 3 layers
        for (TrainingCharts::TimeAxis axis : {TrainingCharts::TimeAxis::Steps, TrainingCharts::TimeAxis::Epochs}) {
            charts.setTimeAxis(axis);
            for (const QXYSeries* s : series)
                QVERIFY2(s->count() <= charts.maxPointsPerSeries(), qPrintable(s->name() + ": " + QString::number(s->count())));
        }
        const QList<QPointF> raw = charts.seriesPoints("loss", "training per batch");
        QVERIFY(raw.size() > charts.maxPointsPerSeries() / 2);
        // The global extremes of the raw loss survive the thinning.
        float maxLoss = 0.0f;
        for (const BatchPoint& p : run.batches) maxLoss = std::max(maxLoss, p.loss);
        double maxShown = 0.0;
        for (const QPointF& p : raw) maxShown = std::max(maxShown, p.y());
        QCOMPARE(maxShown, static_cast<double>(maxLoss));
        QCOMPARE(charts.seriesPoints("learning rate", "learning rate").front().y(), double(run.batches.front().learningRate));

        charts.setMaxPointsPerSeries(500);
        for (const QXYSeries* s : series) QVERIFY(s->count() <= 500);
        QCOMPARE(charts.seriesPoints("loss", "training per batch").back().x(), 10.0);  // still the epochs axis
    }

    void validationHasOnePointPerEpochInBothAxes() {
        const RunRecord run = syntheticRun("live");
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        charts.setTimeAxis(TrainingCharts::TimeAxis::Epochs);
        for (const char* chart : {"loss", "accuracy"}) {
            const QList<QPointF> validation = charts.seriesPoints(chart, "validation per epoch");
            QCOMPARE(validation.size(), kEpochs);
            for (int e = 1; e <= kEpochs; ++e) QCOMPARE(validation[e - 1].x(), double(e));
        }
        QCOMPARE(charts.seriesPoints("accuracy", "validation per epoch")[2].y(), *run.epochs[2].validation.accuracy);
        charts.setTimeAxis(TrainingCharts::TimeAxis::Steps);
        for (const char* chart : {"loss", "accuracy"}) {
            const QList<QPointF> validation = charts.seriesPoints(chart, "validation per epoch");
            QCOMPARE(validation.size(), kEpochs);
            for (int e = 1; e <= kEpochs; ++e) QCOMPARE(validation[e - 1].x(), double(e * kBatchesPerEpoch));
        }
        QCOMPARE(charts.seriesPoints("loss", "training per epoch").size(), kEpochs);
        QCOMPARE(charts.seriesPoints("loss", "validation per epoch")[4].y(), run.epochs[4].validation.loss);
    }

    void theAxisComboSwitchesEveryChartBetweenEpochsAndSteps() {
        const RunRecord run = syntheticRun("live");
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        auto* combo = charts.findChild<QComboBox*>("timeAxisCombo");
        QVERIFY(combo);
        combo->setCurrentIndex(1);
        QCOMPARE(charts.timeAxis(), TrainingCharts::TimeAxis::Epochs);
        QVERIFY(std::abs(charts.seriesPoints("loss", "training smoothed").back().x() - 10.0) < 1e-9);
        QVERIFY(std::abs(charts.seriesPoints("gradient norm", "layer 2 (dense)").back().x() - 10.0) < 1e-9);
        auto* timeAxis = qobject_cast<QValueAxis*>(chartNamed(charts, "accuracyChart")->axes(Qt::Horizontal).first());
        QVERIFY(std::abs(timeAxis->max() - 10.0) < 1e-9);
        QCOMPARE(timeAxis->titleText(), QString("epoch"));

        combo->setCurrentIndex(0);
        QCOMPARE(charts.timeAxis(), TrainingCharts::TimeAxis::Steps);
        QCOMPARE(charts.seriesPoints("loss", "training smoothed").back().x(), 18750.0);
        QCOMPARE(charts.seriesPoints("learning rate", "learning rate").back().x(), 18750.0);
        QCOMPARE(timeAxis->max(), 18750.0);
    }

    void gradientNormsUseALogAxisAndSkipZeros() {
        const RunRecord run = syntheticRun("live", 2, 500);
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        QChart* chart = chartNamed(charts, "gradientNormChart");
        auto* axis = qobject_cast<QLogValueAxis*>(chart->axes(Qt::Vertical).first());
        QVERIFY(axis);
        QCOMPARE(chart->series().size(), 3);
        QCOMPARE(charts.seriesPoints("gradient norm", "layer 2 (dense)").size(), 20);
        QCOMPARE(charts.seriesPoints("gradient norm", "layer 4 (dense)").size(), 10);  // the zeros are left out
        QVERIFY(axis->min() <= 1e-4 && axis->min() > 0.0);
        QVERIFY(axis->max() >= 1.5);
    }

    void regressionRunsShowR2PerEpoch() {
        const RunRecord run = syntheticRun("fit", 4, 100, true);
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        QChart* chart = chartNamed(charts, "accuracyChart");
        QVERIFY2(chart->title().contains("R²"), qPrintable(chart->title()));
        const QList<QPointF> validation = charts.seriesPoints("accuracy", "validation per epoch");
        QCOMPARE(validation.size(), 4);
        for (int e = 0; e < 4; ++e) QCOMPARE(validation[e].y(), *run.epochs[static_cast<std::size_t>(e)].validation.r2);
        QCOMPARE(charts.seriesPoints("accuracy", "training per epoch").back().y(), *run.epochs.back().train.r2);
        QVERIFY(charts.seriesPoints("accuracy", "training per batch").isEmpty());  // batches have no accuracy
        auto* legend = charts.findChild<QChartView*>("accuracyChart")->parentWidget()->findChild<nw::ui::CurveLegend*>();
        QVERIFY(legend);
        QCOMPARE(legend->entries().size(), std::size_t{2});  // training and validation per epoch
        QCOMPARE(charts.seriesPoints("loss", "training per batch").size(), 400);
    }

    void overlaidRunsAddSeriesNamedAfterThem() {
        const RunRecord live = syntheticRun("live", 3, 200);
        RunRecord baseline = syntheticRun("baseline", 5, 200);
        TrainingCharts charts;
        charts.setLiveRun(borrowed(live));
        const int before = chartNamed(charts, "lossChart")->series().size();
        charts.setOverlaidRuns({borrowed(baseline)});
        QCOMPARE(chartNamed(charts, "lossChart")->series().size(), before + 2);
        QCOMPARE(charts.seriesPoints("loss", "baseline: validation").size(), 5);
        QCOMPARE(charts.seriesPoints("accuracy", "baseline: validation").size(), 5);
        QCOMPARE(charts.seriesPoints("accuracy", "baseline: validation").back().y(), *baseline.epochs.back().validation.accuracy);
        QCOMPARE(charts.seriesPoints("loss", "baseline: training smoothed").back().x(), 1000.0);
        // The shared time axis reaches the end of the longest run.
        auto* timeAxis = qobject_cast<QValueAxis*>(chartNamed(charts, "lossChart")->axes(Qt::Horizontal).first());
        QCOMPARE(timeAxis->max(), 1000.0);

        // Two runs with one name stay apart in the legend; the live run itself is not doubled.
        RunRecord another = syntheticRun("baseline", 2, 200);
        charts.setOverlaidRuns({borrowed(baseline), borrowed(another), borrowed(live)});
        QCOMPARE(charts.seriesPoints("loss", "baseline (2): validation").size(), 2);
        QCOMPARE(chartNamed(charts, "lossChart")->series().size(), before + 4);

        // The legend names every curve in full, however many there are.
        auto* legend = charts.findChild<QChartView*>("lossChart")->parentWidget()->findChild<nw::ui::CurveLegend*>();
        QVERIFY(legend);
        QStringList names;
        for (const auto& entry : legend->entries()) names << entry.name;
        QVERIFY2(names.contains("baseline (2): training smoothed") && names.contains("validation per epoch"),
                 qPrintable(names.join(", ")));
        QCOMPARE(names.size(), before + 4);

        charts.setOverlaidRuns({});
        QVERIFY(charts.seriesPoints("loss", "baseline: validation").isEmpty());
        QCOMPARE(chartNamed(charts, "lossChart")->series().size(), before);
    }

    void refreshAfterAppendingGrowsTheSeries() {
        RunRecord run = syntheticRun("live", 2, 300);
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        QCOMPARE(charts.seriesPoints("loss", "training per batch").size(), 600);
        QCOMPARE(charts.seriesPoints("loss", "validation per epoch").size(), 2);
        appendEpoch(run, 3, 300, false);
        QCOMPARE(charts.seriesPoints("loss", "training per batch").size(), 600);  // not before refresh()
        charts.refresh();
        QCOMPARE(charts.seriesPoints("loss", "training per batch").size(), 900);
        QCOMPARE(charts.seriesPoints("loss", "training per batch").back().x(), 900.0);
        QCOMPARE(charts.seriesPoints("loss", "validation per epoch").size(), 3);
        QCOMPARE(charts.seriesPoints("accuracy", "training smoothed").size(), 900);
        // A run that keeps growing past the budget is thinned, never more.
        for (int e = 4; e <= 12; ++e) {
            appendEpoch(run, e, 300, false);
            charts.refresh();
            for (const QXYSeries* s : allSeries(charts)) QVERIFY(s->count() <= charts.maxPointsPerSeries());
        }
        QCOMPARE(charts.seriesPoints("loss", "training per batch").back().x(), 3600.0);
    }

    void settingTheSameAddressAgainRedrawsTheRecordNowThere() {
        // A run list that moved can put another run, with as many points, at the old address.
        std::vector<RunRecord> runs{syntheticRun("first", 2, 100), syntheticRun("second", 2, 100)};
        runs[1].epochs[1].validation.loss = 42.0;
        TrainingCharts charts;
        charts.setLiveRun(borrowed(runs[0]));
        QVERIFY(charts.seriesPoints("loss", "validation per epoch").back().y() != 42.0);
        runs.erase(runs.begin());
        charts.setLiveRun(borrowed(runs[0]));
        QCOMPARE(charts.seriesPoints("loss", "validation per epoch").back().y(), 42.0);
    }

    void smoothingAndRawBatchesFollowTheirControls() {
        const RunRecord run = syntheticRun("live", 1, 400);
        TrainingCharts charts;
        charts.setLiveRun(borrowed(run));
        const QList<QPointF> raw = charts.seriesPoints("loss", "training per batch");
        QVERIFY(charts.seriesPoints("loss", "training smoothed") != raw);
        charts.setSmoothing(0.0);
        QCOMPARE(charts.seriesPoints("loss", "training smoothed"), raw);
        charts.setSmoothing(5.0);
        QCOMPARE(charts.smoothing(), 0.999);

        auto* rawCheck = charts.findChild<QCheckBox*>("rawBatchesCheck");
        QVERIFY(rawCheck && rawCheck->isChecked());
        rawCheck->setChecked(false);
        QVERIFY(!charts.rawBatchesVisible());
        QVERIFY(charts.seriesPoints("loss", "training per batch").isEmpty());
        QCOMPARE(charts.seriesPoints("loss", "training smoothed").size(), 400);
        rawCheck->setChecked(true);
        QCOMPARE(charts.seriesPoints("loss", "training per batch"), raw);
    }

    void withoutARunTheLossChartTellsHowToStartOne() {
        TrainingCharts charts;
        charts.resize(900, 600);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        auto hintText = [&] {
            for (QGraphicsItem* item : chartNamed(charts, "lossChart")->childItems())
                if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item); text && text->isVisible()) return text->text();
            return QString();
        };
        QVERIFY2(hintText().contains("F5"), qPrintable(hintText()));
        QVERIFY(allSeries(charts).isEmpty());
        RunRecord run = syntheticRun("live", 0, 0);
        charts.setLiveRun(borrowed(run));
        QVERIFY(!hintText().contains("F5"));
        appendEpoch(run, 1, 10, false);
        charts.refresh();
        QVERIFY(hintText().isEmpty());
        charts.setLiveRun(nullptr);
        QVERIFY(hintText().contains("F5"));
        QVERIFY(allSeries(charts).isEmpty());
    }
};

QTEST_MAIN(TrainingChartsTest)
#include "test_training_charts.moc"
