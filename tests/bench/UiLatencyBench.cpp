// Trains a preset on MNIST inside the real window (offscreen) and measures how late the GUI
// thread's event loop runs while it does: a 5 ms timer records how far past its due time each
// tick arrives, the window is resized twice a second (re-layout and repaint of every chart),
// and the epoch's time is reported for comparison with the same training in netwright-cli.
// Prints one JSON object. Driven by scripts/bench.sh ui (tests/bench/run_bench.py).
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "MainWindow.h"
#include "TrainScreen.h"
#include "Workspace.h"

namespace {

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("NetwrightBench");
    QApplication::setOrganizationName("Netwright");
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption batch("batch-size", "Batch size.", "n", "32");
    QCommandLineOption model("model", "Preset to train.", "preset", "cnn");
    QCommandLineOption dataDir("data-dir", "Folder holding mnist/.", "folder", QStringLiteral(NETWRIGHT_SOURCE_DATA_DIR));
    QCommandLineOption threads("threads", "Compute threads (0: every core).", "n", "0");
    parser.addOptions({batch, model, dataDir, threads});
    parser.process(app);

    nw::ui::MainWindow window(parser.value(dataDir));
    window.setDialogsEnabled(false);
    window.resize(1280, 800);
    window.show();

    constexpr int kTickMs = 5;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(kTickMs);
    QElapsedTimer clock;
    qint64 lastTick = -1;
    std::vector<double> lateness;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTick >= 0) lateness.push_back(std::max(0.0, (now - lastTick) / 1e6 - kTickMs));
        lastTick = now;
    });
    QTimer resizer;
    resizer.setInterval(500);
    bool wide = false;
    QObject::connect(&resizer, &QTimer::timeout, [&] {
        wide = !wide;
        window.resize(wide ? 1360 : 1280, wide ? 860 : 800);
    });

    nw::ui::TrainScreen* train = window.trainScreen();
    QObject::connect(&window, &nw::ui::MainWindow::workspaceReady, &window, [&] {
        nw::TrainingConfig c = window.workspace().trainingConfig();
        c.batchSize = parser.value(batch).toInt();
        c.epochs = 1;
        c.threads = parser.value(threads).toInt();
        window.workspace().setTrainingConfig(c);
        window.tabs()->setCurrentWidget(train);
        QTimer::singleShot(200, &window, [&] {
            clock.start();
            tick.start();
            resizer.start();
            if (!window.workspace().startRun()) {
                std::fprintf(stderr, "error: %s\n", qPrintable(window.workspace().lastError()));
                QApplication::exit(1);
            }
        });
    }, Qt::SingleShotConnection);
    QObject::connect(&window.workspace().session(), &nw::ui::TrainingSession::finished, &window, [&](const nw::ui::TrainingOutcome& outcome) {
        tick.stop();
        resizer.stop();
        if (outcome.status != nw::RunRecord::Status::Completed || outcome.history.empty()) {
            std::fprintf(stderr, "error: the run did not complete: %s\n", qPrintable(outcome.message));
            QApplication::exit(1);
            return;
        }
        const auto& epoch = outcome.history.front();
        QJsonObject out{{"p50_ms", percentile(lateness, 0.50)},
                        {"p99_ms", percentile(lateness, 0.99)},
                        {"max_ms", lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end())},
                        {"ticks", static_cast<qint64>(lateness.size())},
                        {"epoch_seconds", epoch.seconds},
                        {"train_samples", static_cast<qint64>(epoch.train.samples)},
                        {"validation_accuracy", epoch.validation.accuracy ? *epoch.validation.accuracy : -1.0}};
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QApplication::exit(0);
    });
    window.loadDataset("mnist", parser.value(model));
    return app.exec();
}
