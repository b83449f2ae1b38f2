#include "ScreenCaptures.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <functional>
#include <utility>
#include <vector>

#include "CallExamplesPanel.h"
#include "ConfusionMatrixView.h"
#include "DataScreen.h"
#include "DeployScreen.h"
#include "DigitCanvas.h"
#include "InspectScreen.h"
#include "MainWindow.h"
#include "ServerPanel.h"
#include "TrainScreen.h"
#include "Workspace.h"

namespace nw::tools {

namespace {

// Runs `steps` one after another, each `delay` ms after the previous, then quits.
void runSteps(QObject* context, std::vector<std::pair<int, std::function<void()>>> steps, std::size_t next = 0) {
    if (next >= steps.size()) {
        QApplication::quit();
        return;
    }
    const int delay = steps[next].first;
    QTimer::singleShot(delay, context, [context, steps = std::move(steps), next]() mutable {
        steps[next].second();
        runSteps(context, std::move(steps), next + 1);
    });
}

// Draws a 7 on the canvas as a user would: a bar, then a slanted stem.
void drawSeven(nw::ui::DigitCanvas* canvas) {
    canvas->addStroke({{80, 70}, {140, 68}, {200, 70}});
    canvas->addStroke({{200, 70}, {175, 130}, {150, 190}, {130, 225}});
}

}  // namespace

void captureScreens(nw::ui::MainWindow& window, const QString& folder) {
    QDir().mkpath(folder);
    const auto save = [&window, folder](const QString& name) { window.grab().save(QDir(folder).filePath(name)); };
    nw::ui::TrainScreen* train = window.trainScreen();
    nw::ui::InspectScreen* inspect = window.inspectScreen();
    if (window.dataScreen()->dataset()->task == nw::Task::Regression) {
        QObject::connect(&window.workspace().session(), &nw::ui::TrainingSession::finished, &window, [&window, inspect, save] {
            window.tabs()->setCurrentWidget(inspect);
            inspect->tabs()->setCurrentIndex(nw::ui::InspectScreen::FitTab);
            runSteps(&window, {{600, [save] { save("linreg-fit.png"); }}});
        });
        train->trainAction()->trigger();
        return;
    }
    const QStringList names{"data.png", "model.png"};
    for (int i = 0; i < names.size(); ++i) {
        window.tabs()->setCurrentIndex(i);
        QApplication::processEvents();
        save(names[i]);
    }
    window.tabs()->setCurrentWidget(train);
    QObject::connect(&window.workspace().session(), &nw::ui::TrainingSession::epochEnded, &window,
                     [&window, train, inspect, save](const nw::EpochReport& r) {
        if (r.epoch != 3) return;
        // A table of timed steps reads best one step a line, as written.
        // clang-format off
        runSteps(&window, {
            {400, [save] { save("train.png"); }},
            {0, [train] { train->pauseAction()->trigger(); }},
            {300, [train] { train->stepAction()->trigger(); }},
            {500, [save] { save("train-step.png"); }},
            {0, [&window, inspect] {
                window.tabs()->setCurrentWidget(inspect);
                inspect->tabs()->setCurrentIndex(nw::ui::InspectScreen::ConfusionTab);
                const auto pairs = inspect->confusion().mostConfused(1);
                if (!pairs.empty()) emit inspect->confusionView()->cellClicked(pairs[0].trueClass, pairs[0].predictedClass);
            }},
            {700, [save] { save("inspect-gallery.png"); }},
            {0, [inspect] { inspect->showSample(0); }},
            {800, [save] { save("inspect-detail.png"); }},
            {0, [inspect] {
                inspect->tabs()->setCurrentIndex(nw::ui::InspectScreen::DrawTab);
                drawSeven(inspect->digitCanvas());
            }},
            {800, [save] { save("draw-digit.png"); }},
            {0, [&window] { window.workspace().stopAndWait(5000); }},
        });
        // clang-format on
    });
    train->trainAction()->trigger();
}

void captureDeploy(nw::ui::MainWindow& window, const QString& folder) {
    QDir().mkpath(folder);
    nw::ui::TrainScreen* train = window.trainScreen();
    nw::TrainingConfig config = window.workspace().trainingConfig();
    config.epochs = 2;
    window.workspace().setTrainingConfig(config);
    QObject::connect(&window.workspace().session(), &nw::ui::TrainingSession::finished, &window, [&window, folder] {
        nw::ui::DeployScreen* deploy = window.deployScreen();
        nw::ui::ServerPanel* server = deploy->serverPanel();
        window.tabs()->setCurrentWidget(deploy);
        server->generateTokenButton()->click();  // the commands then show how to send it
        if (!server->start()) {
            // The usual ports are taken on this machine: any free ones will do.
            server->restPortSpin()->setValue(0);
            server->grpcPortSpin()->setValue(0);
            server->start();
        }
        for (const char* example : {"health", "tfserving", "kserve", "tfserving"})
            QProcess::execute("bash", {"-c", deploy->callExamples()->command(example) + " >/dev/null 2>&1"});
        // clang-format off
        runSteps(&window, {
            {600, [&window, folder] { window.grab().save(QDir(folder).filePath("deploy.png")); }},
            {0, [server] { server->stop(); }},
        });
        // clang-format on
    });
    train->trainAction()->trigger();
}

}  // namespace nw::tools
