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
#include <fstream>

#include "DataScreen.h"
#include "DeployScreen.h"
#include "ExportPanel.h"
#include "ModelDesignerWidget.h"
#include "InspectScreen.h"
#include "TrainScreen.h"
#include "common/Error.h"
#include "io/AtomicFile.h"
#include "io/ModelFile.h"
#include "io/ProjectFile.h"
#include "nn/Model.h"
#include "train/Presets.h"

namespace nw::ui {
namespace {

constexpr int kMaxRecent = 8;
const char* kProjectFilter = "Netwright projects (*.nwproj);;All files (*)";
const char* kSpecFilter = "Model specs (*.json);;All files (*)";

QString withThousands(std::int64_t n) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(n)); }

}  // namespace

MainWindow::MainWindow(const QString& dataDir, QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Netwright"));
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    dataScreen_ = new DataScreen(dataDir, tabs_);
    designer_ = new ModelDesignerWidget(document_, tabs_);
    trainScreen_ = new TrainScreen(document_, tabs_);
    inspectScreen_ = new InspectScreen(tabs_);
    inspectScreen_->setSession(&trainScreen_->session());
    deployScreen_ = new DeployScreen(trainScreen_, tabs_);
    const auto withBanner = [this](QWidget* screen, QLabel*& banner) {
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
    };
    tabs_->addTab(withBanner(dataScreen_, dataLockBanner_), tr("Data"));
    tabs_->addTab(withBanner(designer_, modelLockBanner_), tr("Model"));
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

    connect(dataScreen_, &DataScreen::datasetLoaded, this, &MainWindow::onDatasetLoaded);
    connect(dataScreen_, &DataScreen::loadFailed, this, [this](const QString& message) {
        lastError_ = message;
        statusBar()->showMessage(tr("Could not load the data: %1").arg(message), 10000);
        pendingPreset_.clear();
    });
    connect(&document_, &ModelDocument::changed, this, &MainWindow::updateStatus);
    connect(document_.undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateModified);
    connect(dataScreen_, &DataScreen::trainingOptionsChanged, this, [this] {
        trainScreen_->setDataOptions(dataScreen_->validationSplit(), dataScreen_->normalization(), dataScreen_->augmentation());
    });
    connect(trainScreen_, &TrainScreen::configEdited, this, [this] {
        const TrainingConfig c = trainScreen_->config();
        dataScreen_->setTrainingOptions(c.validationSplit, QString::fromStdString(c.normalization), c.augmentation);
    });
    connect(trainScreen_, &TrainScreen::trainingActiveChanged, this, &MainWindow::setTrainingLock);
    connect(deployScreen_, &DeployScreen::statusMessage, this, [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(deployScreen_, &DeployScreen::trainScreenRequested, this, [this] { tabs_->setCurrentWidget(trainScreen_); });
    // Predictions between epoch ends cost training time; they are made while someone looks.
    connect(tabs_, &QTabWidget::currentChanged, this,
            [this] { trainScreen_->session().setLiveSnapshots(tabs_->currentWidget() == inspectScreen_); });
    connect(trainScreen_, &TrainScreen::runsChanged, this, [this] {
        runsChanged_ = true;
        updateModified();
    });
    // F5 and F10 from any screen start the run; the curves are what the user wants to see
    // (unless they are already watching the predictions).
    connect(trainScreen_->trainAction(), &QAction::triggered, this, [this] {
        if (trainScreen_->isTraining() && tabs_->currentWidget() != inspectScreen_) tabs_->setCurrentWidget(trainScreen_);
    });
    connect(trainScreen_->stepAction(), &QAction::triggered, this, [this] {
        if (trainScreen_->isTraining()) tabs_->setCurrentWidget(trainScreen_);
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
    // The screens go down with the window's children; a run must end (and stop signalling
    // this half-destroyed window) first.
    trainScreen_->disconnect(this);
    trainScreen_->stopAndWait(5000);
    deployScreen_->disconnect(this);
    deployScreen_->stopServer();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openProjectAction = file->addAction(tr("&Open Project…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr(kProjectFilter));
        if (!path.isEmpty()) openProject(path);
    });
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    lockedActions_ << openProjectAction << recentMenu_->menuAction();
    file->addAction(tr("&Save Project"), QKeySequence::Save, this, [this] {
        QString path = projectPath_;
        if (path.isEmpty()) path = QFileDialog::getSaveFileName(this, tr("Save project"), "untitled.nwproj", tr(kProjectFilter));
        if (!path.isEmpty()) saveProject(path);
    });
    file->addAction(tr("Save Project &As…"), QKeySequence::SaveAs, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save project as"), projectPath_, tr(kProjectFilter));
        if (!path.isEmpty()) saveProject(path);
    });
    file->addSeparator();
    file->addAction(tr("Open &Data…"), this, [this] { tabs_->setCurrentWidget(dataScreen_); });
    lockedActions_ << file->addAction(tr("Import Model &Spec…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import model spec"), {}, tr(kSpecFilter));
        if (path.isEmpty()) return;
        try {
            document_.replaceSpec(loadSpecFile(path.toStdString()), tr("Import %1").arg(QFileInfo(path).fileName()));
            tabs_->setCurrentWidget(designer_);
        } catch (const Error& e) {
            showError(tr("Cannot import the model spec"), QString::fromStdString(e.what()));
        }
    });
    file->addAction(tr("&Export Model Spec…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export model spec"), "model.json", tr(kSpecFilter));
        if (path.isEmpty()) return;
        try {
            writeFileAtomically(path.toStdString(), document_.spec().dump(2) + "\n");
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
            if (deployScreen_->model()) (deployScreen_->exportPanel()->*exportWithDialog)();
        };
    };
    file->addAction(tr("Export O&NNX…"), this, onDeployScreen(&ExportPanel::exportOnnx));
    file->addAction(tr("Export P&yTorch…"), this, onDeployScreen(&ExportPanel::exportPyTorch));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    refreshRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = document_.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = document_.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    lockedActions_ << undo << redo;

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Data"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] { tabs_->setCurrentWidget(dataScreen_); });
    view->addAction(tr("&Model"), QKeySequence(Qt::CTRL | Qt::Key_2), this, [this] { tabs_->setCurrentWidget(designer_); });
    view->addAction(tr("&Train"), QKeySequence(Qt::CTRL | Qt::Key_3), this, [this] { tabs_->setCurrentWidget(trainScreen_); });
    view->addAction(tr("&Inspect"), QKeySequence(Qt::CTRL | Qt::Key_4), this, [this] { tabs_->setCurrentWidget(inspectScreen_); });
    view->addAction(tr("D&eploy"), QKeySequence(Qt::CTRL | Qt::Key_5), this, [this] { tabs_->setCurrentWidget(deployScreen_); });

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
        if (!trainScreen_->importCheckpoint(path)) {
            showError(tr("Cannot resume from the checkpoint"), trainScreen_->lastError());
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

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message, 10000);
    if (dialogsEnabled_) QMessageBox::critical(this, title, message);
}

void MainWindow::loadDataset(const QString& nameOrPath, const QString& preset) {
    pendingPreset_ = preset;
    dataScreen_->load(nameOrPath);
}

void MainWindow::onDatasetLoaded(std::shared_ptr<const Dataset> data) {
    dataset_ = std::move(data);
    if (!dataset_) return;
    trainScreen_->setDataset(dataset_);
    inspectScreen_->setDataset(dataset_);
    deployScreen_->setDataset(dataset_);
    document_.setInputShape(dataset_->sampleShape);
    if (!pendingPreset_.isEmpty()) {
        const QString preset = pendingPreset_;
        pendingPreset_.clear();
        applyPreset(preset);
        document_.undoStack()->setClean();
    }
    updateStatus();
    emit workspaceReady();
}

bool MainWindow::applyPreset(const QString& name) {
    if (!dataset_) {
        showError(tr("No data"), tr("Load a dataset first: a preset sizes its input and output from the data."));
        return false;
    }
    try {
        const Preset preset = makePreset(name.toStdString(), *dataset_);
        document_.replaceSpec(preset.spec, tr("Preset %1").arg(name));
        const TrainingConfig& c = preset.training;
        dataScreen_->setTrainingOptions(c.validationSplit, QString::fromStdString(c.normalization), c.augmentation);
        trainScreen_->setDataOptions(c.validationSplit, QString::fromStdString(c.normalization), dataScreen_->augmentation());
        trainScreen_->setConfig(c);
        return true;
    } catch (const Error& e) {
        showError(tr("Preset %1 does not fit").arg(name), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::openProject(const QString& path) {
    Project project;
    try {
        project = loadProject(path.toStdString());
    } catch (const Error& e) {
        showError(tr("Cannot open the project"), QString::fromStdString(e.what()));
        return false;
    }
    if (trainScreen_->isTraining()) {
        showError(tr("Cannot open the project"), tr("Training is running; stop it first."));
        return false;
    }
    document_.replaceSpec(project.modelSpec, tr("Open %1").arg(QFileInfo(path).fileName()));
    const TrainingConfig& c = project.training;
    dataScreen_->setTrainingOptions(c.validationSplit, QString::fromStdString(c.normalization), c.augmentation);
    trainScreen_->setDataOptions(c.validationSplit, QString::fromStdString(c.normalization), dataScreen_->augmentation());
    trainScreen_->setConfig(c);
    trainScreen_->setRuns(project.runs);
    runsChanged_ = false;
    document_.undoStack()->setClean();
    setProjectPath(path);
    rememberRecent(path);
    loadDataset(QString::fromStdString(project.dataset));
    return true;
}

bool MainWindow::saveProject(const QString& path) {
    Project project;
    project.dataset = dataScreen_->source().toStdString();
    project.modelSpec = document_.spec();
    project.training = trainScreen_->config();
    project.runs = trainScreen_->runs();
    try {
        nw::saveProject(path.toStdString(), project);
    } catch (const Error& e) {
        showError(tr("Cannot save the project"), QString::fromStdString(e.what()));
        return false;
    }
    document_.undoStack()->setClean();
    runsChanged_ = false;
    updateModified();
    setProjectPath(path);
    rememberRecent(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
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
    if (dataset_) {
        statusData_->setText(tr("%1 · %2 training samples · input %3")
                                 .arg(QString::fromStdString(dataset_->name), withThousands(static_cast<std::int64_t>(dataset_->train.size())),
                                      QString::fromStdString(shapeToString(dataset_->sampleShape))));
    } else {
        statusData_->setText(tr("No data loaded"));
    }
    const ModelSummary& s = document_.summary();
    if (document_.layerCount() == 0) statusModel_->setText(tr("Empty model"));
    else if (s.valid()) statusModel_->setText(tr("%1 parameters · fits").arg(withThousands(s.parameters)));
    else statusModel_->setText(tr("Does not fit: %1").arg(QString::fromStdString(s.firstError())));
}

void MainWindow::updateModified() { setWindowModified(!document_.undoStack()->isClean() || runsChanged_); }

void MainWindow::setTrainingLock(bool locked) {
    designer_->setEnabled(!locked);
    dataScreen_->setEnabled(!locked);
    dataLockBanner_->setVisible(locked);
    modelLockBanner_->setVisible(locked);
    for (QAction* a : lockedActions_) a->setEnabled(!locked);
    if (!locked) refreshRecentMenu();
}

bool MainWindow::saveTrainedModel() {
    const auto model = trainScreen_->trainedModel();
    const auto metadata = trainScreen_->trainedMetadata();
    if (!model || !metadata) {
        showError(tr("No trained model"), tr("Train the model first (F5); the network of the last finished run is what gets saved."));
        return false;
    }
    if (trainScreen_->isTraining()) {
        showError(tr("Training is running"), tr("Wait for the run to end, or stop it, before saving its model."));
        return false;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save trained model"), "model.nwm", tr("Netwright models (*.nwm);;All files (*)"));
    if (path.isEmpty()) return false;
    try {
        saveModel(path.toStdString(), *model, *metadata);
    } catch (const Error& e) {
        showError(tr("Cannot save the model"), QString::fromStdString(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Saved the trained model to %1").arg(path), 5000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (trainScreen_->isTraining()) {
        if (dialogsEnabled_ &&
            QMessageBox::question(this, tr("Training is running"), tr("Stop the run and close? Its last checkpoint is kept.")) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        trainScreen_->stopAndWait(1000);
    }
    if ((!document_.undoStack()->isClean() || runsChanged_) && dialogsEnabled_) {
        const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save the project before closing?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            QString path = projectPath_;
            if (path.isEmpty()) path = QFileDialog::getSaveFileName(this, tr("Save project"), "untitled.nwproj", tr(kProjectFilter));
            if (path.isEmpty() || !saveProject(path)) {
                event->ignore();
                return;
            }
        }
    }
    // Clients lose the model with the window; its ports are free again once this returns.
    deployScreen_->stopServer();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

}  // namespace nw::ui
