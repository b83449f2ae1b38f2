#include "TrainScreen.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "Formatting.h"
#include "HyperparameterForm.h"
#include "LayerStatisticsPanel.h"
#include "RunHistoryPanel.h"
#include "TrainingCharts.h"
#include "Workspace.h"

namespace nw::ui {

TrainScreen::TrainScreen(Workspace& workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    buildActions();

    form_ = new HyperparameterForm(this);
    form_->setConfig(workspace_.trainingConfig());
    auto* formScroll = new QScrollArea(this);
    formScroll->setWidget(form_);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->setMinimumWidth(340);
    formScroll->setMaximumWidth(420);

    progress_ = new QProgressBar(this);
    progress_->setObjectName("trainingProgress");
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(14);
    progressText_ = new QLabel(tr("Ready: press Train (F5) to start, or Step (F10) to run one batch."), this);
    progressText_->setObjectName("progressText");
    message_ = new QLabel(this);
    message_->setObjectName("trainingMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();

    charts_ = new TrainingCharts(this);
    // A chart is a few hundred pixels wide: a min and a max per pixel column is all a curve
    // can show, and fewer points repaint faster while training runs beside the GUI thread.
    charts_->setMaxPointsPerSeries(1000);
    layerStatistics_ = new LayerStatisticsPanel(this);
    history_ = new RunHistoryPanel(this);
    history_->setRuns(&workspace_.runs());
    lowerTabs_ = new QTabWidget(this);
    lowerTabs_->setDocumentMode(true);
    lowerTabs_->addTab(history_, tr("Runs"));
    lowerTabs_->addTab(layerStatistics_, tr("Step details"));

    auto* rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(charts_);
    rightSplit->addWidget(lowerTabs_);
    rightSplit->setStretchFactor(0, 3);
    rightSplit->setStretchFactor(1, 1);
    rightSplit->setChildrenCollapsible(false);

    auto* right = new QWidget(this);
    auto* column = new QVBoxLayout(right);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(4);
    column->addWidget(progressText_);
    column->addWidget(progress_);
    column->addWidget(message_);
    column->addWidget(rightSplit, 1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(10);
    layout->addWidget(formScroll);
    layout->addWidget(right, 1);

    // The form holds the hyperparameters; the data's options stay as the Data screen set them.
    connect(form_, &HyperparameterForm::configChanged, this, [this] {
        TrainingConfig c = form_->config();
        c.normalization = workspace_.trainingConfig().normalization;
        c.augmentation = workspace_.trainingConfig().augmentation;
        editingConfig_ = true;
        workspace_.setTrainingConfig(c);
        editingConfig_ = false;
        updateProblems();
    });
    connect(&workspace_, &Workspace::trainingConfigChanged, this, [this] {
        if (!editingConfig_) form_->setConfig(workspace_.trainingConfig());
        updateProblems();
    });
    connect(&workspace_.document(), &ModelDocument::changed, this, &TrainScreen::updateProblems);
    connect(&workspace_, &Workspace::datasetChanged, this, &TrainScreen::updateProblems);
    connect(&workspace_, &Workspace::trainingActiveChanged, this, &TrainScreen::updateActions);
    connect(&workspace_.session(), &TrainingSession::started, this, &TrainScreen::reattachCharts);
    connect(&workspace_, &Workspace::runLaunched, this, &TrainScreen::onRunLaunched);
    connect(&workspace_, &Workspace::runUpdated, this, &TrainScreen::onUpdated);
    connect(&workspace_, &Workspace::runEpochEnded, this, &TrainScreen::refreshChartsSoon);
    connect(&workspace_, &Workspace::runFinished, this, &TrainScreen::onFinished);
    connect(&workspace_, &Workspace::trainingMessage, this, &TrainScreen::showMessage);

    RunListModel& runs = workspace_.runs();
    // Charts hold the records they draw: after a reset, a deletion or a rename (the legend
    // names overlaid runs) they are set again.
    connect(&runs, &RunListModel::modelReset, this, [this] {
        const auto latest = workspace_.runs().latest();
        shownRunId_ = latest ? QString::fromStdString(latest->id) : QString();
        reattachCharts();
    });
    connect(&runs, &RunListModel::rowsRemoved, this, [this] {
        if (!workspace_.runs().find(shownRunId_)) {
            const auto latest = workspace_.runs().latest();
            shownRunId_ = latest ? QString::fromStdString(latest->id) : QString();
        }
        reattachCharts();
    });
    connect(&runs, &RunListModel::renamed, this, &TrainScreen::reattachCharts);
    connect(&runs, &RunListModel::overlayChanged, this, &TrainScreen::reattachCharts);
    connect(history_, &RunHistoryPanel::deleteRequested, this, [this](const QString& id) { workspace_.deleteRun(id); });
    connect(history_, &RunHistoryPanel::resumeRequested, this, [this](const QString& id) { workspace_.resumeRun(id); });
    connect(history_, &RunHistoryPanel::useSettingsRequested, this, [this](const QString& id) { workspace_.useRunSettings(id); });
    connect(history_, &RunHistoryPanel::currentRunChanged, this, [this](const QString& id) {
        // Looking at an old run shows its curves, unless a run is going.
        if (workspace_.isTraining()) return;
        if (workspace_.runs().find(id)) {
            shownRunId_ = id;
            reattachCharts();
        }
    });

    reattachCharts();
    layerStatistics_->clear();
    updateActions();
    updateProblems();
}

TrainScreen::~TrainScreen() = default;

void TrainScreen::buildActions() {
    trainAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Train"), this);
    trainAction_->setShortcut(QKeySequence(Qt::Key_F5));
    trainAction_->setToolTip(tr("Train the model on the data (F5); resumes a paused run"));
    pauseAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    pauseAction_->setShortcut(QKeySequence(Qt::Key_F6));
    pauseAction_->setToolTip(tr("Pause after the current batch (F6)"));
    stepAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("S&tep"), this);
    stepAction_->setShortcut(QKeySequence(Qt::Key_F10));
    stepAction_->setToolTip(tr("Run exactly one batch, then pause and show what it did to each layer (F10)"));
    stopAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("St&op"), this);
    stopAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    stopAction_->setToolTip(tr("Stop the run after the current batch (Shift+F5); it can be resumed from its last checkpoint"));
    for (QAction* a : {trainAction_, pauseAction_, stepAction_, stopAction_}) a->setShortcutContext(Qt::ApplicationShortcut);

    TrainingSession& session = workspace_.session();
    connect(trainAction_, &QAction::triggered, this, [this, &session] {
        if (session.state() == TrainingSession::State::Paused) session.resume();
        else if (!session.isActive()) workspace_.startRun(false);
    });
    connect(pauseAction_, &QAction::triggered, &session, &TrainingSession::pause);
    connect(stepAction_, &QAction::triggered, this, [this, &session] {
        if (session.isActive()) {
            session.step();
        } else if (workspace_.startRun(true)) {
            lowerTabs_->setCurrentWidget(layerStatistics_);
        }
    });
    connect(stopAction_, &QAction::triggered, &session, &TrainingSession::stop);
}

void TrainScreen::updateActions() {
    const auto state = workspace_.session().state();
    const bool paused = state == TrainingSession::State::Paused;
    trainAction_->setText(paused ? tr("Resume") : tr("&Train"));
    trainAction_->setEnabled(state == TrainingSession::State::Idle || paused);
    pauseAction_->setEnabled(state == TrainingSession::State::Running);
    stepAction_->setEnabled(state == TrainingSession::State::Idle || state == TrainingSession::State::Running || paused);
    stopAction_->setEnabled(state == TrainingSession::State::Running || paused);
    form_->setLocked(workspace_.isTraining());
    history_->setLocked(workspace_.isTraining());
}

void TrainScreen::updateProblems() {
    form_->setProblems(workspace_.trainingProblems());
    updateActions();
}

void TrainScreen::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(messageStyle(error ? MessageKind::Error : MessageKind::Info));
    message_->setVisible(!text.isEmpty());
}

void TrainScreen::onRunLaunched(const QString& id, bool resumed) {
    shownRunId_ = id;
    showMessage({}, false);
    layerStatistics_->clear();
    reattachCharts();
    progress_->setValue(0);
    progressText_->setText(resumed ? tr("Resuming from the last checkpoint…") : tr("Starting…"));
}

void TrainScreen::onUpdated(const TrainingUpdate& update) {
    const bool paused = workspace_.session().state() == TrainingSession::State::Paused;
    if (!update.layerStatistics.empty()) layerStatistics_->setStatistics(update.layerStatistics, update.layerStatisticsStep);
    if (paused) lowerTabs_->setCurrentWidget(layerStatistics_);

    const TrainingProgress& p = update.progress;
    if (p.epochs > 0 && p.batchesPerEpoch > 0) {
        const double done = (p.epoch - 1 + static_cast<double>(p.batch) / p.batchesPerEpoch) / p.epochs;
        progress_->setValue(static_cast<int>(done * 1000.0));
        QString text = tr("Epoch %1/%2 · batch %3/%4").arg(p.epoch).arg(p.epochs).arg(p.batch).arg(p.batchesPerEpoch);
        if (p.samplesPerSecond > 0) text += tr(" · %1 samples/s").arg(withThousands(p.samplesPerSecond));
        if (p.etaSeconds >= 0) text += tr(" · ETA %1").arg(formatDuration(p.etaSeconds));
        if (paused) text += tr(" · paused");
        progressText_->setText(text);
    }
    refreshChartsSoon();
}

// The charts are the expensive part of an update (a full repaint of four Qt Charts), so they
// redraw at most kChartRefreshesPerSecond times a second, and not at all while hidden.
void TrainScreen::refreshChartsSoon() {
    if (chartRefreshPending_) return;
    const qint64 wait = chartClock_.isValid() ? std::max<qint64>(0, 1000 / kChartRefreshesPerSecond - chartClock_.elapsed()) : 0;
    chartRefreshPending_ = true;
    QTimer::singleShot(static_cast<int>(wait), this, [this] {
        chartRefreshPending_ = false;
        if (!charts_->isVisible()) {
            chartsStale_ = true;
            return;
        }
        chartClock_.start();
        charts_->refresh();
    });
}

void TrainScreen::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (chartsStale_) {
        chartsStale_ = false;
        charts_->refresh();
    }
}

void TrainScreen::onFinished(const TrainingOutcome& outcome) {
    const auto run = workspace_.runs().find(workspace_.liveRunId());
    const QString name = run ? QString::fromStdString(run->name) : QString();
    const int epochsDone = run && !run->epochs.empty() ? run->epochs.back().epoch : 0;
    switch (outcome.status) {
        case RunRecord::Status::Completed:
            progress_->setValue(1000);
            progressText_->setText(tr("%1 finished: %2 epochs").arg(name).arg(epochsDone));
            break;
        case RunRecord::Status::Stopped:
            progressText_->setText(tr("%1 stopped").arg(name));
            showMessage(epochsDone > 0 ? tr("Stopped (%1). Resume it from the checkpoint of epoch %2 in the Runs list.")
                                             .arg(outcome.message)
                                             .arg(epochsDone)
                                       : tr("Stopped (%1) before the first epoch ended, so there is no checkpoint to resume from.")
                                             .arg(outcome.message),
                        false);
            break;
        case RunRecord::Status::Diverged:
            progressText_->setText(tr("%1 diverged").arg(name));
            showMessage(epochsDone > 0 ? tr("Training stopped: %1. The last good checkpoint (epoch %2) is kept; lower the learning rate and resume it from the Runs list.")
                                             .arg(outcome.message)
                                             .arg(epochsDone)
                                       : tr("Training stopped: %1.").arg(outcome.message),
                        true);
            break;
        case RunRecord::Status::Failed:
        case RunRecord::Status::Running:
            progressText_->setText(tr("%1 failed").arg(name));
            showMessage(tr("Training failed: %1").arg(outcome.message), true);
            break;
    }
    charts_->refresh();
}

// The charts keep the records they draw; they are given the current ones again whenever the
// shown run or the overlays change.
void TrainScreen::reattachCharts() {
    const RunListModel& runs = workspace_.runs();
    charts_->setLiveRun(runs.find(shownRunId_));
    std::vector<std::shared_ptr<const RunRecord>> overlays;
    for (const QString& id : runs.overlaidIds())
        if (id != shownRunId_) overlays.push_back(runs.find(id));
    charts_->setOverlaidRuns(std::move(overlays));
    charts_->refresh();
}

}  // namespace nw::ui
