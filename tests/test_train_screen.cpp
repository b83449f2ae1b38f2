// The Train screen driven as a user would: F5 trains while the curves grow and editing is
// locked, pause/step/resume do what they say, a diverging run says so in the window, runs
// are kept with the project and resume from their checkpoints.
#include <QtTest>

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QStandardPaths>
#include <QTabWidget>

#include "LayerStatisticsPanel.h"
#include "MainWindow.h"
#include "TestDatasets.h"
#include "ModelScreen.h"
#include "TrainScreen.h"
#include "TrainingCharts.h"

using namespace nw;
using namespace nw::ui;

class TrainScreenTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // A window on a small generated set with the mlp64 preset, ready to train.
    static std::unique_ptr<MainWindow> workspace(int epochs, int batch = 8) {
        auto window = std::make_unique<MainWindow>(nw::testing::dataDir());
        window->setDialogsEnabled(false);
        QSignalSpy ready(window.get(), &MainWindow::workspaceReady);
        window->show();
        window->loadDataset("blobs", "mlp64");
        if (!QTest::qWaitFor([&] { return ready.count() == 1; }, 30000)) return nullptr;
        TrainingConfig c = window->trainScreen()->config();
        c.epochs = epochs;
        c.batchSize = batch;
        c.threads = 1;
        window->trainScreen()->setConfig(c);
        return window;
    }

    static int epochsOf(const TrainScreen* screen) {
        return screen->runs().empty() ? 0 : static_cast<int>(screen->runs().back().epochs.size());
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("NetwrightTests");
        QCoreApplication::setApplicationName("test_train_screen");
    }

    void f5TrainsWhileTheCurvesGrowAndEditingIsLocked() {
        auto window = workspace(400);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        QVERIFY(screen->problems().isEmpty());
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(screen->isTraining(), 5000);
        // The window shows the run it started.
        QCOMPARE(window->tabs()->currentWidget(), static_cast<QWidget*>(screen));
        QVERIFY(!window->modelScreen()->isEnabled());
        QVERIFY(window->findChild<QLabel*>("trainingLockBanner")->isVisibleTo(window.get()) ||
                !window->findChildren<QLabel*>("trainingLockBanner").isEmpty());
        QVERIFY(!screen->trainAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(epochsOf(screen) >= 2, 30000);
        // The charts redraw a few times a second.
        QTRY_VERIFY_WITH_TIMEOUT(screen->charts()->seriesPoints("loss", "validation per epoch").size() >= 2, 5000);
        QVERIFY(screen->charts()->seriesPoints("loss", "training per batch").size() > 10);
        QVERIFY(screen->progressBar()->value() > 0);

        screen->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!screen->isTraining(), 5000);
        QVERIFY(window->modelScreen()->isEnabled());
        QCOMPARE(screen->runs().back().status, RunRecord::Status::Stopped);
        QVERIFY(!screen->runs().back().checkpointPath.empty());
        QVERIFY(screen->trainedModel());
    }

    void pauseStepAndResumeBehaveAsLabelled() {
        auto window = workspace(400, 4);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        // Step from idle: one batch, then paused, with the per-layer numbers on show.
        screen->stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(screen->session().state(), TrainingSession::State::Paused, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(screen->runs().back().batches.size(), std::size_t{1}, 5000);
        QTest::qWait(200);
        QCOMPARE(screen->runs().back().batches.size(), std::size_t{1});
        QVERIFY(screen->layerStatistics()->isVisible() || screen->layerStatistics()->isVisibleTo(window.get()));
        QCOMPARE(screen->trainAction()->text(), QString("Resume"));
        screen->stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(screen->runs().back().batches.size(), std::size_t{2}, 5000);

        screen->trainAction()->trigger();  // Resume
        QCOMPARE(screen->session().state(), TrainingSession::State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(screen->runs().back().batches.size() > 50, 10000);
        screen->pauseAction()->trigger();
        QCOMPARE(screen->session().state(), TrainingSession::State::Paused);
        QTest::qWait(300);
        const std::size_t paused = screen->runs().back().batches.size();
        QTest::qWait(400);
        QCOMPARE(screen->runs().back().batches.size(), paused);
        screen->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!screen->isTraining(), 5000);
    }

    void invalidSettingsAreExplainedBeforeTheRun() {
        auto window = workspace(2);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        TrainingConfig c = screen->config();
        c.loss = "mse";  // regression loss on a classification set
        screen->setConfig(c);
        const QStringList problems = screen->problems();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains("regression"), qPrintable(problems.first()));
        QVERIFY(!screen->startRun());
        QVERIFY(!screen->isTraining());
        QVERIFY(!screen->messageLabel()->isHidden());
    }

    void divergenceStopsTheRunAndSaysSo() {
        auto window = workspace(40);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        TrainingConfig c = screen->config();
        c.optimizer.kind = "sgd";
        c.schedule.baseRate = 1.0;
        c.schedule.kind = "step";
        c.schedule.stepEpochs = 1.0;
        c.schedule.gamma = 10.0;  // tenfold each epoch: the loss overflows within a few
        screen->setConfig(c);
        QVERIFY(screen->startRun());
        QTRY_VERIFY_WITH_TIMEOUT(!screen->isTraining(), 30000);
        QCOMPARE(screen->runs().back().status, RunRecord::Status::Diverged);
        QVERIFY(!screen->messageLabel()->isHidden());
        QVERIFY2(screen->messageLabel()->text().contains("diverged"), qPrintable(screen->messageLabel()->text()));
        QVERIFY2(screen->messageLabel()->text().contains("checkpoint"), qPrintable(screen->messageLabel()->text()));
    }

    void runsAreSavedWithTheProjectAndResumeFromTheirCheckpoint() {
        const QString project = dir_.filePath("runs.nwproj");
        {
            auto window = workspace(2);
            QVERIFY(window);
            QVERIFY(window->trainScreen()->startRun());
            QTRY_VERIFY_WITH_TIMEOUT(!window->trainScreen()->isTraining(), 30000);
            QCOMPARE(window->trainScreen()->runs().back().status, RunRecord::Status::Completed);
            QVERIFY(window->isWindowModified());
            QVERIFY(window->saveProject(project));
        }
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        QVERIFY(window.openProject(project));
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        TrainScreen* screen = window.trainScreen();
        QCOMPARE(screen->runs().size(), std::size_t{1});
        const RunRecord saved = screen->runs().front();
        QCOMPARE(saved.epochs.size(), std::size_t{2});
        const std::size_t batchesBefore = saved.batches.size();

        // Train it two epochs further: the epoch count and the loss curve go on.
        TrainingConfig c = screen->config();
        c.epochs = 4;
        screen->setConfig(c);
        QVERIFY2(screen->resumeRun(QString::fromStdString(saved.id)), qPrintable(screen->lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!screen->isTraining(), 30000);
        const RunRecord& resumed = screen->runs().front();
        QCOMPARE(resumed.status, RunRecord::Status::Completed);
        QCOMPARE(resumed.epochs.size(), std::size_t{4});
        QCOMPARE(resumed.epochs.back().epoch, 4);
        QCOMPARE(resumed.batches.size(), 2 * batchesBefore);
        QCOMPARE(resumed.batches[batchesBefore].step, static_cast<long long>(batchesBefore + 1));
    }

    void closingMidRunEndsTheThread() {
        auto window = workspace(10000);
        QVERIFY(window);
        QVERIFY(window->trainScreen()->startRun());
        QTRY_VERIFY_WITH_TIMEOUT(!window->trainScreen()->runs().back().batches.empty(), 10000);
        QVERIFY(window->close());
        QVERIFY(!window->trainScreen()->isTraining());
    }
};

QTEST_MAIN(TrainScreenTest)
#include "test_train_screen.moc"
