// netwright: the workbench window. Opens on MNIST with the mlp preset unless told otherwise.
#include <QApplication>
#include <QCommandLineParser>

#include "MainWindow.h"
#include "WorkbenchStartup.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    nw::gui::setUpApplication();

    QCommandLineParser parser;
    parser.setApplicationDescription("Netwright: build, train and inspect neural networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    const nw::gui::WorkbenchOptions options(parser);
    parser.process(app);

    nw::ui::MainWindow window(options.dataDir());
    options.showAndOpen(window);
    return app.exec();
}
