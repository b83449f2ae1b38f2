#pragma once
#include <QMainWindow>
#include <QStringList>
#include <memory>

#include "ModelDocument.h"
#include "train/TrainingConfig.h"

class QTabWidget;
class QMenu;
class QLabel;

namespace nw {
struct Dataset;
}

namespace nw::ui {

class DataScreen;
class ModelDesignerWidget;
class TrainScreen;
class InspectScreen;
class DeployScreen;

// The workbench window: one tab per working screen (Data, Model, Train, Inspect, Deploy), the menus and shortcuts
// of a desktop application, recent projects and window state kept in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString& dataDir, QWidget* parent = nullptr);
    ~MainWindow() override;

    ModelDocument& document() { return document_; }
    DataScreen* dataScreen() const { return dataScreen_; }
    ModelDesignerWidget* designer() const { return designer_; }
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
    void buildMenus();
    void showError(const QString& title, const QString& message);
    void onDatasetLoaded(std::shared_ptr<const Dataset> data);
    void updateStatus();
    void rememberRecent(const QString& path);
    void refreshRecentMenu();
    void setProjectPath(const QString& path);
    void setTrainingLock(bool locked);
    void updateModified();
    bool saveTrainedModel();

    ModelDocument document_;
    DataScreen* dataScreen_ = nullptr;
    ModelDesignerWidget* designer_ = nullptr;
    TrainScreen* trainScreen_ = nullptr;
    InspectScreen* inspectScreen_ = nullptr;
    DeployScreen* deployScreen_ = nullptr;
    // Editing the data or the model mid-run is locked; these say why.
    QLabel* dataLockBanner_ = nullptr;
    QLabel* modelLockBanner_ = nullptr;
    QList<QAction*> lockedActions_;
    bool runsChanged_ = false;  // runs added, renamed or deleted since the last save
    QTabWidget* tabs_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* statusData_ = nullptr;
    QLabel* statusModel_ = nullptr;
    std::shared_ptr<const Dataset> dataset_;
    QString pendingPreset_;
    QString projectPath_;
    QString lastError_;
    bool dialogsEnabled_ = true;
};

}  // namespace nw::ui
