// The training worker and its session: signals in order, pause/resume/step/stop, NaN
// handling and resuming from a checkpoint. Runs under ThreadSanitizer too (tests/tsan).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "TrainingSession.h"
#include "data/SyntheticDatasets.h"
#include "io/ModelFile.h"
#include "train/Presets.h"

using namespace nw;
using namespace nw::ui;

namespace {

std::shared_ptr<const Dataset> blobs(int samples = 400) {
    return std::make_shared<const Dataset>(makeGeneratedDataset("blobs", {samples, -1.0, 3}));
}

RunRecord mlpRun(const Dataset& data, int epochs, int batch = 16) {
    Preset p = makePreset("mlp64", data);
    RunRecord r;
    r.id = "test";
    r.name = "test run";
    r.modelSpec = p.spec;
    r.config = p.training;
    r.config.epochs = epochs;
    r.config.batchSize = batch;
    r.config.threads = 1;
    r.config.validationSplit = 0.2;
    return r;
}

// Every batch point the session sent, in arrival order.
struct Recorder {
    std::vector<BatchPoint> batches;
    std::vector<int> epochs;
    std::vector<LayerStatistics> lastStatistics;
    std::optional<TrainingOutcome> outcome;
    int startedWith = -1;

    explicit Recorder(TrainingSession& s) {
        QObject::connect(&s, &TrainingSession::started, [this](int done, const QStringList&) { startedWith = done; });
        QObject::connect(&s, &TrainingSession::updated, [this](const TrainingUpdate& u) {
            batches.insert(batches.end(), u.batches.begin(), u.batches.end());
            if (!u.layerStatistics.empty()) lastStatistics = u.layerStatistics;
        });
        QObject::connect(&s, &TrainingSession::epochEnded, [this](const EpochReport& r, const QString&, const QString&) { epochs.push_back(r.epoch); });
        QObject::connect(&s, &TrainingSession::finished, [this](const TrainingOutcome& o) { outcome = o; });
    }
};

TrainingRequest request(std::shared_ptr<const Dataset> data, RunRecord record, QString checkpoint = {}, QString resume = {}) {
    TrainingRequest r;
    r.data = std::move(data);
    r.record = std::move(record);
    r.checkpointPath = std::move(checkpoint);
    r.resumeFrom = std::move(resume);
    return r;
}

}  // namespace

class TrainingWorkerTest : public QObject {
    Q_OBJECT
private slots:
    void signalsArriveInOrder() {
        auto data = blobs();
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, mlpRun(*data, 3))));
        QVERIFY(!session.start(request(data, mlpRun(*data, 3))));  // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 30000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Completed);
        QCOMPARE(rec.startedWith, 0);
        QCOMPARE(rec.epochs, (std::vector<int>{1, 2, 3}));
        // 320 training samples in batches of 16: 20 a epoch, every one of them sent once, in order.
        QCOMPARE(rec.batches.size(), std::size_t{60});
        for (std::size_t i = 0; i < rec.batches.size(); ++i) QCOMPARE(rec.batches[i].step, static_cast<long long>(i + 1));
        QCOMPARE(rec.batches.back().epoch, 3.0);
        QVERIFY(rec.outcome->model);
        QCOMPARE(rec.outcome->history.size(), std::size_t{3});
        QVERIFY(*rec.outcome->history.back().validation.accuracy > 0.9);
        QCOMPARE(session.state(), TrainingSession::State::Idle);
    }

    void updatesAreThrottled() {
        // Many tiny batches: far more batches than updates reach the GUI thread.
        auto data = blobs(4000);
        TrainingSession session;
        int updates = 0;
        std::size_t points = 0;
        connect(&session, &TrainingSession::updated, [&](const TrainingUpdate& u) {
            ++updates;
            points += u.batches.size();
        });
        Recorder rec(session);
        QVERIFY(session.start(request(data, mlpRun(*data, 2, 1))));
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 60000);
        // Batches of one: a batch per training sample, every one of them sent.
        const std::size_t batches = 2 * rec.outcome->history.front().train.samples;
        QVERIFY(batches > 6000);
        QCOMPARE(points, batches);
        QVERIFY2(updates < static_cast<int>(batches) / 4, qPrintable(QString("%1 updates for %2 batches").arg(updates).arg(batches)));
    }

    void pauseStopsTheBatchCounterAndResumeContinues() {
        auto data = blobs(4000);
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, mlpRun(*data, 50, 4))));
        QTRY_VERIFY_WITH_TIMEOUT(rec.batches.size() > 20, 30000);
        session.pause();
        QCOMPARE(session.state(), TrainingSession::State::Paused);
        // Whatever was under way when pause arrived comes in; then nothing more.
        QTest::qWait(300);
        const std::size_t atPause = rec.batches.size();
        QTest::qWait(500);
        QCOMPARE(rec.batches.size(), atPause);
        session.resume();
        QTRY_VERIFY_WITH_TIMEOUT(rec.batches.size() > atPause + 20, 30000);
        session.stop();
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 10000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Stopped);
        for (std::size_t i = 0; i < rec.batches.size(); ++i) QCOMPARE(rec.batches[i].step, static_cast<long long>(i + 1));
    }

    void stepRunsExactlyOneBatch() {
        auto data = blobs();
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, mlpRun(*data, 5)), true));
        QTRY_COMPARE_WITH_TIMEOUT(rec.batches.size(), std::size_t{1}, 10000);
        QTest::qWait(300);
        QCOMPARE(rec.batches.size(), std::size_t{1});
        QCOMPARE(session.state(), TrainingSession::State::Paused);
        // A single step reports what it did to every layer with parameters (three dense).
        QCOMPARE(rec.lastStatistics.size(), std::size_t{3});
        for (const auto& l : rec.lastStatistics) {
            QVERIFY(l.gradientNorm > 0.0);
            QVERIFY(l.updateNorm > 0.0);
            QVERIFY(l.weightNorm > 0.0);
            // Adam's first step moves each weight by about the learning rate (0.001).
            QVERIFY2(l.updateRatio() > 1e-5 && l.updateRatio() < 1e-1, qPrintable(QString::number(l.updateRatio())));
        }
        session.step();
        QTRY_COMPARE_WITH_TIMEOUT(rec.batches.size(), std::size_t{2}, 10000);
        QTest::qWait(300);
        QCOMPARE(rec.batches.size(), std::size_t{2});
        QCOMPARE(rec.batches[1].step, 2LL);
        session.stop();
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 10000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Stopped);
    }

    void stopJoinsTheThread() {
        auto data = blobs(4000);
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, mlpRun(*data, 1000, 4))));
        QTRY_VERIFY_WITH_TIMEOUT(!rec.batches.empty(), 30000);
        QVERIFY(session.stopAndWait(5000));
        QCOMPARE(session.state(), TrainingSession::State::Idle);
        // The worker's last word still arrives, and a new run can start.
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 5000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Stopped);
        QVERIFY(session.start(request(data, mlpRun(*data, 1))));
        QVERIFY(session.stopAndWait(5000));
    }

    void nanStopsTheRunWithTheMessageAndKeepsTheCheckpoint() {
        auto data = blobs();
        RunRecord run = mlpRun(*data, 40);
        run.config.optimizer.kind = "sgd";
        run.config.schedule.baseRate = 1.0;
        // Grows the rate tenfold per epoch: fine at first, then the loss overflows.
        run.config.schedule.kind = "step";
        run.config.schedule.stepEpochs = 1.0;
        run.config.schedule.gamma = 10.0;
        QTemporaryDir dir;
        const QString checkpoint = dir.filePath("run.nwm");
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, run, checkpoint)));
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 30000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Diverged);
        QVERIFY2(rec.outcome->message.contains("diverged"), qPrintable(rec.outcome->message));
        QVERIFY(!rec.epochs.empty());
        // The last good epoch's checkpoint is there and loads.
        const Checkpoint c = loadCheckpoint(checkpoint.toStdString());
        QCOMPARE(c.state.epochsDone, rec.epochs.back());
    }

    void resumeContinuesTheEpochCountAndTheCurve() {
        auto data = blobs();
        QTemporaryDir dir;
        const QString checkpoint = dir.filePath("run.nwm");
        RunRecord run = mlpRun(*data, 2);

        TrainingSession first;
        Recorder a(first);
        QVERIFY(first.start(request(data, run, checkpoint)));
        QTRY_VERIFY_WITH_TIMEOUT(a.outcome.has_value(), 30000);
        QCOMPARE(a.batches.size(), std::size_t{40});

        // The checkpoint carries the run's curve, which goes on where it stopped.
        const Checkpoint saved = loadCheckpoint(checkpoint.toStdString());
        QCOMPARE(saved.state.epochsDone, 2);
        RunRecord resumed = RunRecord::fromJson(saved.run);
        QCOMPARE(resumed.batches.size(), std::size_t{40});
        resumed.config.epochs = 4;
        TrainingSession second;
        Recorder b(second);
        QVERIFY(second.start(request(data, resumed, checkpoint, checkpoint)));
        QTRY_VERIFY_WITH_TIMEOUT(b.outcome.has_value(), 30000);
        QCOMPARE(b.outcome->status, RunRecord::Status::Completed);
        QCOMPARE(b.startedWith, 2);
        QCOMPARE(b.epochs, (std::vector<int>{3, 4}));
        QCOMPARE(b.batches.front().step, 41LL);
        QCOMPARE(b.batches.front().epoch, 2.05);
        QCOMPARE(b.outcome->history.size(), std::size_t{4});

        // Resumed or not, the same four epochs give the same weights (one thread: exact).
        RunRecord straight = mlpRun(*data, 4);
        TrainingSession third;
        Recorder c(third);
        QVERIFY(third.start(request(data, straight)));
        QTRY_VERIFY_WITH_TIMEOUT(c.outcome.has_value(), 30000);
        auto x = b.outcome->model->namedTensors();
        auto y = c.outcome->model->namedTensors();
        QCOMPARE(x.size(), y.size());
        for (std::size_t i = 0; i < x.size(); ++i)
            QVERIFY2((x[i].second->array() == y[i].second->array()).all(), x[i].first.c_str());
        QCOMPARE(b.outcome->history.back().train.loss, c.outcome->history.back().train.loss);
    }

    void aBadRequestFailsWithTheReason() {
        auto data = blobs();
        RunRecord run = mlpRun(*data, 2);
        run.config.loss = "mse";  // a regression loss on a classification set
        TrainingSession session;
        Recorder rec(session);
        QVERIFY(session.start(request(data, run)));
        QTRY_VERIFY_WITH_TIMEOUT(rec.outcome.has_value(), 10000);
        QCOMPARE(rec.outcome->status, RunRecord::Status::Failed);
        QVERIFY2(rec.outcome->message.contains("regression"), qPrintable(rec.outcome->message));
        QCOMPARE(session.state(), TrainingSession::State::Idle);
    }
};

QTEST_MAIN(TrainingWorkerTest)
#include "test_training_worker.moc"
