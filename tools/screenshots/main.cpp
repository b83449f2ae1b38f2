// netwright-screenshots: opens the workbench window as `netwright` does, drives it through
// its screens and saves the README's pictures, then quits. Run by scripts/screenshots.sh.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "MainWindow.h"
#include "ScreenCaptures.h"
#include "WorkbenchStartup.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    nw::gui::setUpApplication();

    QCommandLineParser parser;
    parser.setApplicationDescription("Saves a PNG of each screen of the Netwright window into a folder.");
    parser.addHelpOption();
    const nw::gui::WorkbenchOptions options(parser);
    QCommandLineOption screenshots("screenshots", "Write a PNG of each screen into this folder and quit.", "folder");
    QCommandLineOption deployShot("deploy-screenshot", "Write only deploy.png, the Deploy screen serving.");
    parser.addOptions({screenshots, deployShot});
    parser.process(app);
    if (!parser.isSet(screenshots)) parser.showHelp(2);

    nw::ui::MainWindow window(options.dataDir());
    window.setDialogsEnabled(false);
    window.resize(1280, 800);
    const QString folder = parser.value(screenshots);
    const bool deployOnly = parser.isSet(deployShot);
    QObject::connect(&window, &nw::ui::MainWindow::workspaceReady, &window, [&window, folder, deployOnly] {
        QTimer::singleShot(300, &window, [&window, folder, deployOnly] {
            if (deployOnly) nw::tools::captureDeploy(window, folder);
            else nw::tools::captureScreens(window, folder);
        });
    });
    options.showAndOpen(window);
    return app.exec();
}
