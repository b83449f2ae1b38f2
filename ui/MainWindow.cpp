#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QUndoStack>

#include "DataScreen.h"
#include "DeployScreen.h"
#include "ExportPanel.h"
#include "Formatting.h"
#include "InspectScreen.h"
#include "ModelScreen.h"
#include "TrainScreen.h"
#include "Workspace.h"
#include "common/Error.h"
#include "data/Dataset.h"
#include "io/AtomicFile.h"
#include "io/ModelFile.h"
#include "nn/Model.h"
#include "train/Presets.h"

namespace nw::ui {
namespace {

constexpr int kMaxRecent = 8;
const char* kProjectFilter = "Netwright projects (*.nwproj);;All files (*)";
const char* kSpecFilter = "Model specs (*.json);;All files (*)";

}  // namespace

MainWindow::MainWindow(const QString& dataDir, QWidget* parent)
    : QMainWindow(parent), workspace_(std::make_unique<Workspace>(dataDir)) {
    setWindowTitle(tr("Netwright"));
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    dataScreen_ = new DataScreen(*workspace_, tabs_);
    modelScreen_ = new ModelScreen(*workspace_, tabs_);
    trainScreen_ = new TrainScreen(*workspace_, tabs_);
    inspectScreen_ = new InspectScreen(*workspace_, tabs_);
    deployScreen_ = new DeployScreen(*workspace_, tabs_);
    tabs_->addTab(withLockBanner(dataScreen_, dataLockBanner_), tr("Data"));
    tabs_->addTab(withLockBanner(modelScreen_, modelLockBanner_), tr("Model"));
    tabs_->addTab(trainScreen_, tr("Train"));
    tabs_->addTab(inspectScreen_, tr("Inspect"));
    tabs_->addTab(deployScreen_, tr("Deploy"));
    setCentralWidget(tabs_);

    QToolBar* toolbar = addToolBar(tr("Training"));
    toolbar->setObjectName("trainingToolbar");
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addActions({trainScreen_->trainAction(), trainScreen_->pauseAction(), trainScreen_->stepAction(),
                         trainScreen_->stopAction()});

    statusData_ = new QLabel(this);
    statusModel_ = new QLabel(this);
    statusBar()->addWidget(statusData_, 1);
    statusBar()->addPermanentWidget(statusModel_);

    Workspace& ws = *workspace_;
    connect(&ws, &Workspace::ready, this, [this] {
        updateStatus();
        emit workspaceReady();
    });
    connect(&ws, &Workspace::datasetChanged, this, &MainWindow::updateStatus);
    connect(&ws, &Workspace::datasetLoadFailed, this, [this](const QString&, const QString& message) {
        lastError_ = message;
        statusBar()->showMessage(tr("Could not load the data: %1").arg(message), 10000);
    });
    connect(&ws.document(), &ModelDocument::changed, this, &MainWindow::updateStatus);
    connect(&ws, &Workspace::modifiedChanged, this, &QWidget::setWindowModified);
    connect(&ws, &Workspace::trainingActiveChanged, this, &MainWindow::setTrainingLock);
    connect(deployScreen_, &DeployScreen::statusMessage, this, [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(deployScreen_, &DeployScreen::trainScreenRequested, this, [this] { tabs_->setCurrentWidget(trainScreen_); });
    // Predictions between epoch ends cost training time; they are made while someone looks.
    connect(tabs_, &QTabWidget::currentChanged, this,
            [this] { workspace_->session().setLiveSnapshots(tabs_->currentWidget() == inspectScreen_); });
    // F5 and F10 from any screen start the run; the curves are what the user wants to see
    // (unless they are already watching the predictions).
    connect(trainScreen_->trainAction(), &QAction::triggered, this, [this] {
        if (workspace_->isTraining() && tabs_->currentWidget() != inspectScreen_) tabs_->setCurrentWidget(trainScreen_);
    });
    connect(trainScreen_->stepAction(), &QAction::triggered, this, [this] {
        if (workspace_->isTraining()) tabs_->setCurrentWidget(trainScreen_);
    });

    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1280, 800);
    setProjectPath({});
    updateStatus();
}

MainWindow::~MainWindow() {
    // A run must end (and stop signalling this half-destroyed window) and the screens, which
    // refer to the workspace, go before it does.
    workspace_->disconnect(this);
    workspace_->stopAndWait(5000);
    workspace_->stopServer();
    delete tabs_;
}

// A screen that cannot be edited while a run trains, under a banner that says so.
QWidget* MainWindow::withLockBanner(QWidget* screen, QLabel*& banner) {
    auto* page = new QWidget(tabs_);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    banner = new QLabel(tr("Training is running: stop it (Shift+F5) to change the data or the model."), page);
    banner->setObjectName("trainingLockBanner");
    banner->setStyleSheet("QLabel { background: #fff4d6; color: #5c4400; border-bottom: 1px solid #e8d49a; padding: 6px 10px; }");
    banner->hide();
    layout->addWidget(banner);
    layout->addWidget(screen, 1);
    return page;
}

void MainWindow::buildMenus() {
    buildFileMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QUndoStack* undoStack = workspace_->document().undoStack();
    QAction* undo = undoStack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoStack->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    lockedActions_ << undo << redo;

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const std::pair<QString, QWidget*> screens[] = {{tr("&Data"), dataScreen_},       {tr("&Model"), modelScreen_},
                                                    {tr("&Train"), trainScreen_},     {tr("&Inspect"), inspectScreen_},
                                                    {tr("D&eploy"), deployScreen_}};
    int key = Qt::Key_1;
    for (const auto& [name, screen] : screens)
        view->addAction(name, QKeySequence(Qt::CTRL | key++), this, [this, screen] { showScreen(screen); });

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    QMenu* presets = model->addMenu(tr("&Presets"));
    lockedActions_ << presets->menuAction();
    for (const auto& preset : presetNames()) {
        QAction* a = presets->addAction(QString::fromStdString(preset.name), this,
                                        [this, name = QString::fromStdString(preset.name)] { applyPreset(name); });
        a->setToolTip(QString::fromStdString(preset.description));
        a->setStatusTip(QString::fromStdString(preset.description));
    }

    QMenu* train = menuBar()->addMenu(tr("&Train"));
    train->addActions({trainScreen_->trainAction(), trainScreen_->pauseAction(), trainScreen_->stepAction(),
                       trainScreen_->stopAction()});
    train->addSeparator();
    lockedActions_ << train->addAction(tr("Resume from &Checkpoint…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Resume from checkpoint"), {}, tr("Checkpoints (*.nwm);;All files (*)"));
        if (path.isEmpty()) return;
        if (!workspace_->importCheckpoint(path)) {
            showError(tr("Cannot resume from the checkpoint"), workspace_->lastError());
            return;
        }
        tabs_->setCurrentWidget(trainScreen_);
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Netwright"), this, [this] {
        QMessageBox::about(this, tr("About Netwright"),
                           tr("<h3>Netwright %1</h3><p>A workbench for building, training and inspecting neural "
                              "networks, on your own machine.</p><p>Compute core: Eigen and OpenCV. Interface: Qt %2.</p>")
                               .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::buildFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openProjectAction = file->addAction(tr("&Open Project…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr(kProjectFilter));
        if (!path.isEmpty()) openProject(path);
    });
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    lockedActions_ << openProjectAction << recentMenu_->menuAction();
    file->addAction(tr("&Save Project"), QKeySequence::Save, this, [this] {
        if (projectPath_.isEmpty()) saveProjectAs("untitled.nwproj");
        else saveProject(projectPath_);
    });
    file->addAction(tr("Save Project &As…"), QKeySequence::SaveAs, this, [this] { saveProjectAs(projectPath_); });
    file->addSeparator();
    file->addAction(tr("Open &Data…"), this, [this] { showScreen(dataScreen_); });
    lockedActions_ << file->addAction(tr("Import Model &Spec…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import model spec"), {}, tr(kSpecFilter));
        if (path.isEmpty()) return;
        try {
            workspace_->document().replaceSpec(loadSpecFile(path.toStdString()), tr("Import %1").arg(QFileInfo(path).fileName()));
            showScreen(modelScreen_);
        } catch (const Error& e) {
            showError(tr("Cannot import the model spec"), QString::fromStdString(e.what()));
        }
    });
    file->addAction(tr("&Export Model Spec…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export model spec"), "model.json", tr(kSpecFilter));
        if (path.isEmpty()) return;
        try {
            writeFileAtomically(path.toStdString(), workspace_->document().spec().dump(2) + "\n");
        } catch (const Error& e) {
            showError(tr("Cannot export the model spec"), QString::fromStdString(e.what()));
        }
    });
    file->addSeparator();
    file->addAction(tr("Save &Trained Model…"), this, [this] { saveTrainedModel(); });
    // The exports work on the Deploy screen's model, which shows what was written and how
    // to use it (or, without a model, how to get one).
    const auto onDeployScreen = [this](void (ExportPanel::*exportWithDialog)()) {
        return [this, exportWithDialog] {
            tabs_->setCurrentWidget(deployScreen_);
            if (workspace_->deployedModel()) (deployScreen_->exportPanel()->*exportWithDialog)();
        };
    };
    file->addAction(tr("Export O&NNX…"), this, onDeployScreen(&ExportPanel::exportOnnx));
    file->addAction(tr("Export P&yTorch…"), this, onDeployScreen(&ExportPanel::exportPyTorch));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    refreshRecentMenu();
}

// The Data and Model screens sit under their lock banners, on a page of their own.
void MainWindow::showScreen(QWidget* screen) {
    const int index = tabs_->indexOf(screen);
    tabs_->setCurrentIndex(index >= 0 ? index : tabs_->indexOf(screen->parentWidget()));
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message, 10000);
    if (dialogsEnabled_) QMessageBox::critical(this, title, message);
}

void MainWindow::loadDataset(const QString& nameOrPath, const QString& preset) { dataScreen_->load(nameOrPath, preset); }

bool MainWindow::applyPreset(const QString& name) {
    if (workspace_->applyPreset(name)) return true;
    showError(workspace_->dataset() ? tr("Preset %1 does not fit").arg(name) : tr("No data"), workspace_->lastError());
    return false;
}

bool MainWindow::openProject(const QString& path) {
    if (!workspace_->openProject(path)) {
        showError(tr("Cannot open the project"), workspace_->lastError());
        return false;
    }
    setProjectPath(path);
    rememberRecent(path);
    return true;
}

bool MainWindow::saveProject(const QString& path) {
    if (!workspace_->saveProject(path)) {
        showError(tr("Cannot save the project"), workspace_->lastError());
        return false;
    }
    setWindowModified(false);
    setProjectPath(path);
    rememberRecent(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::saveProjectAs(const QString& suggested) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), suggested, tr(kProjectFilter));
    return !path.isEmpty() && saveProject(path);
}

void MainWindow::setProjectPath(const QString& path) {
    projectPath_ = path;
    setWindowFilePath(path.isEmpty() ? tr("untitled") : path);
    setWindowTitle(tr("%1[*] — Netwright").arg(path.isEmpty() ? tr("untitled") : QFileInfo(path).fileName()));
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentProjects").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue("recentProjects", recent);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentProjects").toStringList();
    for (const QString& path : recent) recentMenu_->addAction(path, this, [this, path] { openProject(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus() {
    if (const auto data = workspace_->dataset()) {
        statusData_->setText(tr("%1 · %2 training samples · input %3")
                                 .arg(QString::fromStdString(data->name), withThousands(static_cast<std::uint64_t>(data->train.size())),
                                      QString::fromStdString(shapeToString(data->sampleShape))));
    } else {
        statusData_->setText(tr("No data loaded"));
    }
    const ModelDocument& document = workspace_->document();
    const ModelSummary& s = document.summary();
    if (document.layerCount() == 0) statusModel_->setText(tr("Empty model"));
    else if (s.valid()) statusModel_->setText(tr("%1 parameters · fits").arg(withThousands(s.parameters)));
    else statusModel_->setText(tr("Does not fit: %1").arg(QString::fromStdString(s.firstError())));
}

void MainWindow::setTrainingLock(bool locked) {
    modelScreen_->setEnabled(!locked);
    dataScreen_->setEnabled(!locked);
    dataLockBanner_->setVisible(locked);
    modelLockBanner_->setVisible(locked);
    for (QAction* a : lockedActions_) a->setEnabled(!locked);
    if (!locked) refreshRecentMenu();
}

bool MainWindow::saveTrainedModel() {
    if (!workspace_->trainedModel() || workspace_->isTraining()) {
        // Says why without asking for a file name first.
        workspace_->saveTrainedModel({});
        showError(workspace_->isTraining() ? tr("Training is running") : tr("No trained model"), workspace_->lastError());
        return false;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save trained model"), "model.nwm", tr("Netwright models (*.nwm);;All files (*)"));
    if (path.isEmpty()) return false;
    if (!workspace_->saveTrainedModel(path)) {
        showError(tr("Cannot save the model"), workspace_->lastError());
        return false;
    }
    statusBar()->showMessage(tr("Saved the trained model to %1").arg(path), 5000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (workspace_->isTraining()) {
        if (dialogsEnabled_ &&
            QMessageBox::question(this, tr("Training is running"), tr("Stop the run and close? Its last checkpoint is kept.")) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        workspace_->stopAndWait(1000);
    }
    if (workspace_->isModified() && dialogsEnabled_) {
        const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save the project before closing?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save && !(projectPath_.isEmpty() ? saveProjectAs("untitled.nwproj") : saveProject(projectPath_))) {
            event->ignore();
            return;
        }
    }
    // Clients lose the model with the window; its ports are free again once this returns.
    workspace_->stopServer();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

}  // namespace nw::ui
