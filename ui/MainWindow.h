#pragma once
#include <QMainWindow>
#include <QStringList>
#include <memory>


class QTabWidget;
class QMenu;
class QLabel;

namespace nw::ui {

class DataScreen;
class ModelScreen;
class TrainScreen;
class InspectScreen;
class DeployScreen;
class Workspace;

// The workbench window: one tab per working screen (Data, Model, Train, Inspect, Deploy) over
// one Workspace, the menus and shortcuts of a desktop application, recent projects and window
// state kept in QSettings. It builds the menus and wires the screens to the workspace; the
// state and what changes it are the workspace's.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString& dataDir, QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace& workspace() { return *workspace_; }
    DataScreen* dataScreen() const { return dataScreen_; }
    ModelScreen* modelScreen() const { return modelScreen_; }
    TrainScreen* trainScreen() const { return trainScreen_; }
    InspectScreen* inspectScreen() const { return inspectScreen_; }
    DeployScreen* deployScreen() const { return deployScreen_; }
    QTabWidget* tabs() const { return tabs_; }

    // Loads a dataset; when `preset` is given, that preset (sized to the data) replaces the
    // model once the data is there.
    void loadDataset(const QString& nameOrPath, const QString& preset = {});
    // Puts a preset sized to the current data on the canvas (one undoable step).
    bool applyPreset(const QString& name);
    // Project files; on failure a dialog says why (unless dialogs are off) and the
    // workspace is left as it was.
    bool openProject(const QString& path);
    bool saveProject(const QString& path);
    // The last error shown to the user (for tests and scripts).
    QString lastError() const { return lastError_; }
    // Tests and scripts turn message boxes off; errors still go to lastError().
    void setDialogsEnabled(bool enabled) { dialogsEnabled_ = enabled; }

signals:
    // The data is loaded and any preset asked for with it is on the canvas.
    void workspaceReady();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* withLockBanner(QWidget* screen, QLabel*& banner);
    void buildMenus();
    void buildFileMenu();
    void showScreen(QWidget* screen);
    void showError(const QString& title, const QString& message);
    void updateStatus();
    void rememberRecent(const QString& path);
    void refreshRecentMenu();
    void setProjectPath(const QString& path);
    void setTrainingLock(bool locked);
    bool saveTrainedModel();
    bool saveProjectAs(const QString& suggested);

    std::unique_ptr<Workspace> workspace_;
    DataScreen* dataScreen_ = nullptr;
    ModelScreen* modelScreen_ = nullptr;
    TrainScreen* trainScreen_ = nullptr;
    InspectScreen* inspectScreen_ = nullptr;
    DeployScreen* deployScreen_ = nullptr;
    // Editing the data or the model mid-run is locked; these say why.
    QLabel* dataLockBanner_ = nullptr;
    QLabel* modelLockBanner_ = nullptr;
    QList<QAction*> lockedActions_;
    QTabWidget* tabs_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* statusData_ = nullptr;
    QLabel* statusModel_ = nullptr;
    QString projectPath_;
    QString lastError_;
    bool dialogsEnabled_ = true;
};

}  // namespace nw::ui
