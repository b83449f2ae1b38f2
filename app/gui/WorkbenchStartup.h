#pragma once
#include <QCommandLineOption>
#include <QCommandLineParser>

namespace nw::ui {
class MainWindow;
}

// The start-up the workbench window shares with the programs that drive it
// (tools/screenshots), so both open the same window from the same arguments.
namespace nw::gui {

// Names the application (QSettings keys follow the names), its version and its window icon.
void setUpApplication();

// The optional project argument and the options that choose what the window opens on:
// --dataset (mnist), --preset (mlp) and --data-dir.
class WorkbenchOptions {
public:
    // Adds the argument and the options to `parser`, which must outlive this object.
    explicit WorkbenchOptions(QCommandLineParser& parser);

    // --data-dir, else $NETWRIGHT_DATA_DIR, else the checkout's data/.
    QString dataDir() const;
    // Shows the window and opens the project named on the command line, else the dataset
    // with its preset.
    void showAndOpen(nw::ui::MainWindow& window) const;

private:
    QCommandLineParser& parser_;
    QCommandLineOption dataset_;
    QCommandLineOption preset_;
    QCommandLineOption dataDir_;
};

}  // namespace nw::gui
