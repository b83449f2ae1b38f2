// netwright: the workbench window. Opens on MNIST with the mlp preset unless told otherwise.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTabWidget>
#include <QTimer>
#include <cstdlib>

#include "MainWindow.h"
#include "TrainScreen.h"

namespace {

QString defaultDataDir() {
    if (const char* env = std::getenv("NETWRIGHT_DATA_DIR"); env && *env) return QString::fromLocal8Bit(env);
    return QStringLiteral(NETWRIGHT_SOURCE_DATA_DIR);
}

// Saves one PNG per screen, named after it, then quits: the README's pictures come from here.
// The Train screen is taken mid-run, in the fourth epoch, so its curves have something to
// show, and again after a single step (train-step.png).
void captureScreens(nw::ui::MainWindow& window, const QString& folder) {
    QDir().mkpath(folder);
    const QStringList names{"data.png", "model.png"};
    for (int i = 0; i < names.size(); ++i) {
        window.tabs()->setCurrentIndex(i);
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath(names[i]));
    }
    nw::ui::TrainScreen* train = window.trainScreen();
    window.tabs()->setCurrentWidget(train);
    QObject::connect(&train->session(), &nw::ui::TrainingSession::epochEnded, &window, [&window, train, folder](const nw::EpochReport& r) {
        if (r.epoch != 3) return;
        QTimer::singleShot(400, &window, [&window, train, folder] {
            window.grab().save(QDir(folder).filePath("train.png"));
            // Then pause, take a single step and show what it did to each layer.
            train->pauseAction()->trigger();
            QTimer::singleShot(300, &window, [&window, train, folder] {
                train->stepAction()->trigger();
                QTimer::singleShot(500, &window, [&window, train, folder] {
                    window.grab().save(QDir(folder).filePath("train-step.png"));
                    train->stopAndWait(5000);
                    QApplication::quit();
                });
            });
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
    parser.addOptions({dataset, preset, dataDir, screenshots});
    parser.process(app);

    nw::ui::MainWindow window(parser.value(dataDir));
    if (parser.isSet(screenshots)) {
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        QObject::connect(&window, &nw::ui::MainWindow::workspaceReady, &window,
                         [&] { QTimer::singleShot(300, &window, [&] { captureScreens(window, parser.value(screenshots)); }); });
    }
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openProject(parser.positionalArguments().first());
    else window.loadDataset(parser.value(dataset), parser.value(preset));
    return app.exec();
}
