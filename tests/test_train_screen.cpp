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
#include "Workspace.h"

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
        TrainingConfig c = window->workspace().trainingConfig();
        c.epochs = epochs;
        c.batchSize = batch;
        c.threads = 1;
        window->workspace().setTrainingConfig(c);
        return window;
    }

    static int epochsOf(const Workspace& ws) {
        return ws.runs().empty() ? 0 : static_cast<int>(ws.runs().latest()->epochs.size());
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
        Workspace& ws = window->workspace();
        QVERIFY(ws.trainingProblems().isEmpty());
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(ws.isTraining(), 5000);
        // The window shows the run it started.
        QCOMPARE(window->tabs()->currentWidget(), static_cast<QWidget*>(screen));
        QVERIFY(!window->modelScreen()->isEnabled());
        QVERIFY(window->findChild<QLabel*>("trainingLockBanner")->isVisibleTo(window.get()) ||
                !window->findChildren<QLabel*>("trainingLockBanner").isEmpty());
        QVERIFY(!screen->trainAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(epochsOf(ws) >= 2, 30000);
        // The charts redraw a few times a second.
        QTRY_VERIFY_WITH_TIMEOUT(screen->charts()->seriesPoints("loss", "validation per epoch").size() >= 2, 5000);
        QVERIFY(screen->charts()->seriesPoints("loss", "training per batch").size() > 10);
        QVERIFY(screen->progressBar()->value() > 0);

        screen->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!ws.isTraining(), 5000);
        QVERIFY(window->modelScreen()->isEnabled());
        QCOMPARE(ws.runs().latest()->status, RunRecord::Status::Stopped);
        QVERIFY(!ws.runs().latest()->checkpointPath.empty());
        QVERIFY(ws.trainedModel());
    }

    void pauseStepAndResumeBehaveAsLabelled() {
        auto window = workspace(400, 4);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        Workspace& ws = window->workspace();
        // Step from idle: one batch, then paused, with the per-layer numbers on show.
        screen->stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ws.session().state(), TrainingSession::State::Paused, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(ws.runs().latest()->batches.size(), std::size_t{1}, 5000);
        QTest::qWait(200);
        QCOMPARE(ws.runs().latest()->batches.size(), std::size_t{1});
        QVERIFY(screen->layerStatistics()->isVisible() || screen->layerStatistics()->isVisibleTo(window.get()));
        QCOMPARE(screen->trainAction()->text(), QString("Resume"));
        screen->stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ws.runs().latest()->batches.size(), std::size_t{2}, 5000);

        screen->trainAction()->trigger();  // Resume
        QCOMPARE(ws.session().state(), TrainingSession::State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(ws.runs().latest()->batches.size() > 50, 10000);
        screen->pauseAction()->trigger();
        QCOMPARE(ws.session().state(), TrainingSession::State::Paused);
        QTest::qWait(300);
        const std::size_t paused = ws.runs().latest()->batches.size();
        QTest::qWait(400);
        QCOMPARE(ws.runs().latest()->batches.size(), paused);
        screen->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!ws.isTraining(), 5000);
    }

    void invalidSettingsAreExplainedBeforeTheRun() {
        auto window = workspace(2);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        Workspace& ws = window->workspace();
        TrainingConfig c = ws.trainingConfig();
        c.loss = "mse";  // regression loss on a classification set
        ws.setTrainingConfig(c);
        const QStringList problems = ws.trainingProblems();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains("regression"), qPrintable(problems.first()));
        QVERIFY(!ws.startRun());
        QVERIFY(!ws.isTraining());
        QVERIFY(!screen->messageLabel()->isHidden());
    }

    void divergenceStopsTheRunAndSaysSo() {
        auto window = workspace(40);
        QVERIFY(window);
        TrainScreen* screen = window->trainScreen();
        Workspace& ws = window->workspace();
        TrainingConfig c = ws.trainingConfig();
        c.optimizer.kind = "sgd";
        c.schedule.baseRate = 1.0;
        c.schedule.kind = "step";
        c.schedule.stepEpochs = 1.0;
        c.schedule.gamma = 10.0;  // tenfold each epoch: the loss overflows within a few
        ws.setTrainingConfig(c);
        QVERIFY(ws.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(!ws.isTraining(), 30000);
        QCOMPARE(ws.runs().latest()->status, RunRecord::Status::Diverged);
        QVERIFY(!screen->messageLabel()->isHidden());
        QVERIFY2(screen->messageLabel()->text().contains("diverged"), qPrintable(screen->messageLabel()->text()));
        QVERIFY2(screen->messageLabel()->text().contains("checkpoint"), qPrintable(screen->messageLabel()->text()));
    }

    void runsAreSavedWithTheProjectAndResumeFromTheirCheckpoint() {
        const QString project = dir_.filePath("runs.nwproj");
        {
            auto window = workspace(2);
            QVERIFY(window);
            QVERIFY(window->workspace().startRun());
            QTRY_VERIFY_WITH_TIMEOUT(!window->workspace().isTraining(), 30000);
            QCOMPARE(window->workspace().runs().latest()->status, RunRecord::Status::Completed);
            QVERIFY(window->isWindowModified());
            QVERIFY(window->saveProject(project));
        }
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        QVERIFY(window.openProject(project));
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        Workspace& ws = window.workspace();
        QCOMPARE(ws.runs().size(), std::size_t{1});
        const RunRecord saved = *ws.runs().at(0);
        QCOMPARE(saved.epochs.size(), std::size_t{2});
        const std::size_t batchesBefore = saved.batches.size();

        // Train it two epochs further: the epoch count and the loss curve go on.
        TrainingConfig c = ws.trainingConfig();
        c.epochs = 4;
        ws.setTrainingConfig(c);
        QVERIFY2(ws.resumeRun(QString::fromStdString(saved.id)), qPrintable(ws.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!ws.isTraining(), 30000);
        const RunRecord& resumed = *ws.runs().at(0);
        QCOMPARE(resumed.status, RunRecord::Status::Completed);
        QCOMPARE(resumed.epochs.size(), std::size_t{4});
        QCOMPARE(resumed.epochs.back().epoch, 4);
        QCOMPARE(resumed.batches.size(), 2 * batchesBefore);
        QCOMPARE(resumed.batches[batchesBefore].step, static_cast<long long>(batchesBefore + 1));
    }

    void closingMidRunEndsTheThread() {
        auto window = workspace(10000);
        QVERIFY(window);
        QVERIFY(window->workspace().startRun());
        QTRY_VERIFY_WITH_TIMEOUT(!window->workspace().runs().latest()->batches.empty(), 10000);
        QVERIFY(window->close());
        QVERIFY(!window->workspace().isTraining());
    }
};

QTEST_MAIN(TrainScreenTest)
#include "test_train_screen.moc"
