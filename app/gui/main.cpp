// netwright: the workbench window. Opens on MNIST with the mlp preset unless told otherwise.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <cstdlib>
#include <functional>
#include <vector>

#include "MainWindow.h"
#include "ConfusionMatrixView.h"
#include "CallExamplesPanel.h"
#include "DataScreen.h"
#include "DeployScreen.h"
#include "DigitCanvas.h"
#include "InspectScreen.h"
#include "ServerPanel.h"
#include "TrainScreen.h"

namespace {

QString defaultDataDir() {
    if (const char* env = std::getenv("NETWRIGHT_DATA_DIR"); env && *env) return QString::fromLocal8Bit(env);
    return QStringLiteral(NETWRIGHT_SOURCE_DATA_DIR);
}

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

// Saves one PNG per screen, named after it, then quits: the README's pictures come from here.
// On MNIST: the Data and Model screens, the Train screen mid-run (fourth epoch) and after a
// single step, then the Inspect screen's gallery with the confusion matrix, one wrong
// sample's saliency, and a drawn digit. On the linear set: the linreg fit.
void captureScreens(nw::ui::MainWindow& window, const QString& folder) {
    QDir().mkpath(folder);
    const auto save = [&window, folder](const QString& name) { window.grab().save(QDir(folder).filePath(name)); };
    nw::ui::TrainScreen* train = window.trainScreen();
    nw::ui::InspectScreen* inspect = window.inspectScreen();
    if (window.dataScreen()->dataset()->task == nw::Task::Regression) {
        QObject::connect(&train->session(), &nw::ui::TrainingSession::finished, &window, [&window, inspect, save] {
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
    QObject::connect(&train->session(), &nw::ui::TrainingSession::epochEnded, &window,
                     [&window, train, inspect, save](const nw::EpochReport& r) {
        if (r.epoch != 3) return;
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
            {0, [train] { train->stopAndWait(5000); }},
        });
    });
    train->trainAction()->trigger();
}

// deploy.png: the Deploy screen serving the model of a two-epoch run with a token, after its
// displayed commands have called it (when curl is there), so the counters show traffic.
void captureDeploy(nw::ui::MainWindow& window, const QString& folder) {
    QDir().mkpath(folder);
    nw::ui::TrainScreen* train = window.trainScreen();
    nw::TrainingConfig config = train->config();
    config.epochs = 2;
    train->setConfig(config);
    QObject::connect(&train->session(), &nw::ui::TrainingSession::finished, &window, [&window, folder] {
        nw::ui::DeployScreen* deploy = window.deployScreen();
        nw::ui::ServerPanel* server = deploy->serverPanel();
        window.tabs()->setCurrentWidget(deploy);
        server->generateTokenButton()->click();  // the commands then show how to send it
        if (!server->start()) {  // the usual ports are taken on this machine
            server->restPortSpin()->setValue(0);
            server->grpcPortSpin()->setValue(0);
            server->start();
        }
        for (const char* example : {"health", "tfserving", "kserve", "tfserving"})
            QProcess::execute("bash", {"-c", deploy->callExamples()->command(example) + " >/dev/null 2>&1"});
        runSteps(&window, {
            {600, [&window, folder] { window.grab().save(QDir(folder).filePath("deploy.png")); }},
            {0, [server] { server->stop(); }},
        });
    });
    train->trainAction()->trigger();
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Netwright");
    QApplication::setOrganizationName("Netwright");
    QApplication::setApplicationVersion(NETWRIGHT_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/netwright.png"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Netwright: build, train and inspect neural networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("project", "A project file (.nwproj) to open.", "[project]");
    QCommandLineOption dataset("dataset", "Dataset to open at start (name, CSV file or folder).", "dataset", "mnist");
    QCommandLineOption preset("preset", "Preset to put on the canvas at start.", "preset", "mlp");
    QCommandLineOption dataDir("data-dir", "Folder holding mnist/ and fashion-mnist/.", "folder", defaultDataDir());
    QCommandLineOption screenshots("screenshots", "Write a PNG of each screen into this folder and quit.", "folder");
    QCommandLineOption deployShot("deploy-screenshot", "With --screenshots: write only deploy.png, the Deploy screen serving.");
    parser.addOptions({dataset, preset, dataDir, screenshots, deployShot});
    parser.process(app);

    nw::ui::MainWindow window(parser.value(dataDir));
    if (parser.isSet(screenshots)) {
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        QObject::connect(&window, &nw::ui::MainWindow::workspaceReady, &window,
                         [&] {
                             QTimer::singleShot(300, &window, [&] {
                                 if (parser.isSet(deployShot)) captureDeploy(window, parser.value(screenshots));
                                 else captureScreens(window, parser.value(screenshots));
                             });
                         });
    }
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openProject(parser.positionalArguments().first());
    else window.loadDataset(parser.value(dataset), parser.value(preset));
    return app.exec();
}
