#include "WorkbenchStartup.h"

#include <QApplication>
#include <QIcon>
#include <cstdlib>

#include "MainWindow.h"

namespace nw::gui {

namespace {

QString defaultDataDir() {
    if (const char* env = std::getenv("NETWRIGHT_DATA_DIR"); env && *env) return QString::fromLocal8Bit(env);
    return QStringLiteral(NETWRIGHT_SOURCE_DATA_DIR);
}

}  // namespace

void setUpApplication() {
    QApplication::setApplicationName("Netwright");
    QApplication::setOrganizationName("Netwright");
    QApplication::setApplicationVersion(NETWRIGHT_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/netwright.png"));
}

WorkbenchOptions::WorkbenchOptions(QCommandLineParser& parser)
    : parser_(parser), dataset_("dataset", "Dataset to open at start (name, CSV file or folder).", "dataset", "mnist"),
      preset_("preset", "Preset to put on the canvas at start.", "preset", "mlp"),
      dataDir_("data-dir", "Folder holding mnist/ and fashion-mnist/.", "folder", defaultDataDir()) {
    parser.addPositionalArgument("project", "A project file (.nwproj) to open.", "[project]");
    parser.addOptions({dataset_, preset_, dataDir_});
}

QString WorkbenchOptions::dataDir() const { return parser_.value(dataDir_); }

void WorkbenchOptions::showAndOpen(nw::ui::MainWindow& window) const {
    window.show();
    if (!parser_.positionalArguments().isEmpty()) window.openProject(parser_.positionalArguments().first());
    else window.loadDataset(parser_.value(dataset_), parser_.value(preset_));
}

}  // namespace nw::gui
