#include "TrainScreen.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

#include "HyperparameterForm.h"
#include "LayerStatisticsPanel.h"
#include "ModelDocument.h"
#include "RunHistoryPanel.h"
#include "TrainingCharts.h"
#include "common/Error.h"
#include "data/Dataset.h"
#include "io/ModelFile.h"
#include "train/TrainingChecks.h"

namespace nw::ui {
namespace {

QString formatDuration(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QString withThousands(double n) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(n + 0.5)); }

}  // namespace

TrainScreen::TrainScreen(ModelDocument& document, QWidget* parent) : QWidget(parent), document_(document) {
    buildActions();

    form_ = new HyperparameterForm(this);
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
    history_->setRuns(&runs_);
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

    connect(form_, &HyperparameterForm::configChanged, this, [this] {
        updateProblems();
        emit configEdited();
    });
    connect(&document_, &ModelDocument::changed, this, &TrainScreen::updateProblems);
    connect(&session_, &TrainingSession::stateChanged, this, [this] {
        updateActions();
        emit trainingActiveChanged(session_.isActive());
    });
    connect(&session_, &TrainingSession::started, this, [this](int, const QStringList& layers) {
        if (RunRecord* run = liveRun()) {
            run->layerNames.clear();
            for (const auto& l : layers) run->layerNames.push_back(l.toStdString());
        }
        reattachCharts();
    });
    connect(&session_, &TrainingSession::updated, this, &TrainScreen::onUpdated);
    connect(&session_, &TrainingSession::epochEnded, this, &TrainScreen::onEpochEnded);
    connect(&session_, &TrainingSession::finished, this, &TrainScreen::onFinished);

    connect(history_, &RunHistoryPanel::renameRequested, this, [this](const QString& id, const QString& name) {
        if (RunRecord* run = findRun(id); run && !name.trimmed().isEmpty()) run->name = name.trimmed().toStdString();
        history_->refresh();
        reattachCharts();  // the legend names overlaid runs
        emit runsChanged();
    });
    connect(history_, &RunHistoryPanel::deleteRequested, this, [this](const QString& id) {
        if (id == liveRunId_ && session_.isActive()) return;
        const auto it = std::find_if(runs_.begin(), runs_.end(), [&](const RunRecord& r) { return r.id == id.toStdString(); });
        if (it == runs_.end()) return;
        // Checkpoints in our own folder go with their run; a user's own files are left alone.
        const QString checkpoint = QString::fromStdString(it->checkpointPath);
        if (!checkpoint.isEmpty() && QFileInfo(checkpoint).absolutePath() == QFileInfo(checkpointPathFor(id)).absolutePath())
            QFile::remove(checkpoint);
        runs_.erase(it);
        if (id == liveRunId_) liveRunId_.clear();
        if (id == shownRunId_) shownRunId_ = runs_.empty() ? QString() : QString::fromStdString(runs_.back().id);
        history_->refresh();
        reattachCharts();
        emit runsChanged();
    });
    connect(history_, &RunHistoryPanel::resumeRequested, this, [this](const QString& id) { resumeRun(id); });
    connect(history_, &RunHistoryPanel::useSettingsRequested, this, [this](const QString& id) {
        if (const RunRecord* run = findRun(id)) {
            setConfig(run->config);
            emit configEdited();
        }
    });
    connect(history_, &RunHistoryPanel::overlayChanged, this, &TrainScreen::reattachCharts);
    connect(history_, &RunHistoryPanel::currentRunChanged, this, [this](const QString& id) {
        // Looking at an old run shows its curves, unless a run is going.
        if (session_.isActive()) return;
        if (findRun(id)) {
            shownRunId_ = id;
            reattachCharts();
        }
    });

    reattachCharts();
    layerStatistics_->clear();
    updateActions();
    updateProblems();
}

TrainScreen::~TrainScreen() { session_.stopAndWait(5000); }

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

    connect(trainAction_, &QAction::triggered, this, [this] {
        if (session_.state() == TrainingSession::State::Paused) session_.resume();
        else if (!session_.isActive()) startRun(false);
    });
    connect(pauseAction_, &QAction::triggered, this, [this] { session_.pause(); });
    connect(stepAction_, &QAction::triggered, this, [this] {
        if (session_.isActive()) {
            session_.step();
        } else if (startRun(true)) {
            lowerTabs_->setCurrentWidget(layerStatistics_);
        }
    });
    connect(stopAction_, &QAction::triggered, this, [this] { session_.stop(); });
}

void TrainScreen::updateActions() {
    const auto state = session_.state();
    const bool paused = state == TrainingSession::State::Paused;
    trainAction_->setText(paused ? tr("Resume") : tr("&Train"));
    trainAction_->setEnabled(state == TrainingSession::State::Idle || paused);
    pauseAction_->setEnabled(state == TrainingSession::State::Running);
    stepAction_->setEnabled(state == TrainingSession::State::Idle || state == TrainingSession::State::Running || paused);
    stopAction_->setEnabled(state == TrainingSession::State::Running || paused);
    form_->setLocked(session_.isActive());
    history_->setLocked(session_.isActive());
}

void TrainScreen::setDataset(std::shared_ptr<const Dataset> data) {
    data_ = std::move(data);
    updateProblems();
}

void TrainScreen::setDataOptions(double validationSplit, const QString& normalization, const QString& augmentation) {
    validationSplit_ = validationSplit;
    normalization_ = normalization;
    augmentation_ = augmentation;
    TrainingConfig c = form_->config();
    c.validationSplit = validationSplit;
    form_->setConfig(c);
    updateProblems();
}

TrainingConfig TrainScreen::config() const {
    TrainingConfig c = form_->config();
    c.normalization = normalization_.toStdString();
    try {
        c.augmentation = AugmentationSettings::parse(augmentation_.toStdString());
    } catch (const Error&) {
        c.augmentation = {};
    }
    return c;
}

void TrainScreen::setConfig(const TrainingConfig& config) {
    form_->setConfig(config);
    validationSplit_ = config.validationSplit;
    updateProblems();
}

QStringList TrainScreen::problems() const {
    QStringList list;
    if (!data_) list << tr("No data is loaded: choose a dataset on the Data screen.");
    const ModelSummary& summary = document_.summary();
    if (document_.layerCount() == 0) list << tr("The model is empty: put layers or a preset on the Model screen.");
    else if (!summary.valid()) list << tr("The model does not fit the data: %1").arg(QString::fromStdString(summary.firstError()));
    if (data_ && document_.layerCount() > 0 && summary.valid())
        for (const auto& p : trainingSetupProblems(config(), summary.layers.back().outputShape, *data_))
            list << QString::fromStdString(p);
    return list;
}

void TrainScreen::updateProblems() {
    form_->setProblems(problems());
    updateActions();
}

void TrainScreen::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? "QLabel { color: #b3261e; background: #fdecea; border: 1px solid #f3b7b1; border-radius: 4px; padding: 6px; }"
                                  : "QLabel { color: #1d4f91; background: #eaf2fd; border: 1px solid #b7cdf3; border-radius: 4px; padding: 6px; }");
    message_->setVisible(!text.isEmpty());
}

QString TrainScreen::checkpointPathFor(const QString& id) const {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/checkpoints";
    QDir().mkpath(folder);
    return folder + "/" + id + ".nwm";
}

bool TrainScreen::startRun(bool paused) {
    const QStringList reasons = problems();
    if (!reasons.isEmpty()) {
        lastError_ = reasons.join('\n');
        showMessage(tr("Cannot start training: %1").arg(reasons.join(' ')), true);
        return false;
    }
    RunRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8).toStdString();
    // Numbers keep counting after a run is deleted, so two runs never share a name.
    int number = 1;
    for (const auto& r : runs_) {
        const QString name = QString::fromStdString(r.name);
        if (name.startsWith(tr("Run "))) number = std::max(number, name.mid(4).section(' ', 0, 0).toInt() + 1);
    }
    record.name = tr("Run %1 · %2").arg(number).arg(QString::fromStdString(document_.spec().value("name", std::string("model")))).toStdString();
    record.dataset = data_->name;
    record.startedAt = QDateTime::currentDateTime().toString(Qt::ISODate).toStdString();
    record.modelSpec = document_.spec();
    record.config = config();
    return launch(std::move(record), {}, paused);
}

bool TrainScreen::resumeRun(const QString& id) {
    RunRecord* run = findRun(id);
    if (!run || session_.isActive()) return false;
    const QString checkpoint = QString::fromStdString(run->checkpointPath);
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint)) {
        lastError_ = tr("Run “%1” has no checkpoint to resume from (it stopped before its first epoch ended).")
                         .arg(QString::fromStdString(run->name));
        showMessage(lastError_, true);
        return false;
    }
    if (!data_ || data_->name != run->dataset) {
        lastError_ = tr("Run “%1” trained on “%2”; load that dataset to resume it.")
                         .arg(QString::fromStdString(run->name), QString::fromStdString(run->dataset));
        showMessage(lastError_, true);
        return false;
    }
    RunRecord record = *run;
    // A finished run trains on up to the epoch count in the form.
    const int done = record.epochs.empty() ? 0 : record.epochs.back().epoch;
    record.config.epochs = std::max(record.config.epochs, form_->config().epochs);
    if (done >= record.config.epochs) {
        lastError_ = tr("Run “%1” has finished its %2 epochs; set Epochs above %2 to train it further.")
                         .arg(QString::fromStdString(run->name))
                         .arg(done);
        showMessage(lastError_, true);
        return false;
    }
    return launch(std::move(record), checkpoint, false);
}

// Training in the window leaves one core to the window itself: on a small machine a GUI
// thread competing with every compute thread makes both stutter (docs/benchmarks.md).
int automaticTrainingThreads() { return std::max(1, QThread::idealThreadCount() - 1); }

bool TrainScreen::launch(RunRecord record, const QString& resumeFrom, bool paused) {
    if (record.config.threads == 0) record.config.threads = automaticTrainingThreads();
    record.status = RunRecord::Status::Running;
    record.message.clear();
    const QString id = QString::fromStdString(record.id);
    TrainingRequest request;
    request.record = record;
    request.data = data_;
    request.checkpointPath = checkpointPathFor(id);
    request.resumeFrom = resumeFrom;
    if (RunRecord* existing = findRun(id)) {
        if (!resumeFrom.isEmpty()) {
            // The curves go on from the checkpoint's epoch; later points are redrawn.
            const int done = existing->epochs.empty() ? 0 : existing->epochs.back().epoch;
            record.truncateAfterEpoch(done);
        }
        *existing = std::move(record);
    } else {
        runs_.push_back(std::move(record));
    }
    liveRunId_ = id;
    shownRunId_ = id;
    lastError_.clear();
    showMessage({}, false);
    layerStatistics_->clear();
    history_->refresh();
    reattachCharts();
    progress_->setValue(0);
    progressText_->setText(resumeFrom.isEmpty() ? tr("Starting…") : tr("Resuming from the last checkpoint…"));
    session_.start(std::move(request), paused);
    emit runsChanged();
    return true;
}

const RunRecord* TrainScreen::findRun(const QString& id) const {
    for (const auto& r : runs_)
        if (QString::fromStdString(r.id) == id) return &r;
    return nullptr;
}

RunRecord* TrainScreen::findRun(const QString& id) {
    return const_cast<RunRecord*>(static_cast<const TrainScreen*>(this)->findRun(id));
}

RunRecord* TrainScreen::liveRun() { return liveRunId_.isEmpty() ? nullptr : findRun(liveRunId_); }

const RunRecord* TrainScreen::trainedRun() const { return findRun(trainedRunId_); }

std::optional<ModelMetadata> TrainScreen::trainedMetadata() const {
    if (!trainedModel_ || !data_) return std::nullopt;
    const RunRecord* run = trainedRun();
    return metadataFor(*data_, trainedNormalization_, run ? run->config : config(),
                       run ? run->epochs : std::vector<EpochReport>{});
}

void TrainScreen::onUpdated(const TrainingUpdate& update) {
    RunRecord* run = liveRun();
    if (!run) return;
    run->batches.insert(run->batches.end(), update.batches.begin(), update.batches.end());
    run->gradientNorms.insert(run->gradientNorms.end(), update.gradientNorms.begin(), update.gradientNorms.end());
    if (!update.layerStatistics.empty()) layerStatistics_->setStatistics(update.layerStatistics, update.layerStatisticsStep);
    if (session_.state() == TrainingSession::State::Paused) lowerTabs_->setCurrentWidget(layerStatistics_);

    const TrainingProgress& p = update.progress;
    if (p.epochs > 0 && p.batchesPerEpoch > 0) {
        const double done = (p.epoch - 1 + static_cast<double>(p.batch) / p.batchesPerEpoch) / p.epochs;
        progress_->setValue(static_cast<int>(done * 1000.0));
        QString text = tr("Epoch %1/%2 · batch %3/%4").arg(p.epoch).arg(p.epochs).arg(p.batch).arg(p.batchesPerEpoch);
        if (p.samplesPerSecond > 0) text += tr(" · %1 samples/s").arg(withThousands(p.samplesPerSecond));
        if (p.etaSeconds >= 0) text += tr(" · ETA %1").arg(formatDuration(p.etaSeconds));
        if (session_.state() == TrainingSession::State::Paused) text += tr(" · paused");
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

void TrainScreen::onEpochEnded(const EpochReport& report, const QString& checkpoint, const QString& error) {
    RunRecord* run = liveRun();
    if (!run) return;
    run->epochs.push_back(report);
    if (!checkpoint.isEmpty()) run->checkpointPath = checkpoint.toStdString();
    if (!error.isEmpty()) showMessage(tr("The checkpoint could not be written: %1").arg(error), true);
    history_->refresh();
    refreshChartsSoon();
    emit runsChanged();
}

void TrainScreen::onFinished(const TrainingOutcome& outcome) {
    RunRecord* run = liveRun();
    if (run) {
        run->status = outcome.status;
        run->message = outcome.message.toStdString();
    }
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
    if (outcome.model) {
        trainedModel_ = outcome.model;
        trainedNormalization_ = outcome.normalization;
        trainedRunId_ = liveRunId_;
    }
    lastError_ = outcome.status == RunRecord::Status::Completed || outcome.status == RunRecord::Status::Stopped ? QString() : outcome.message;
    history_->refresh();
    charts_->refresh();
    emit runsChanged();
}

void TrainScreen::setRuns(std::vector<RunRecord> runs) {
    if (session_.isActive()) return;
    runs_ = std::move(runs);
    liveRunId_.clear();
    shownRunId_ = runs_.empty() ? QString() : QString::fromStdString(runs_.back().id);
    history_->refresh();
    reattachCharts();
}

bool TrainScreen::importCheckpoint(const QString& path) {
    try {
        Checkpoint checkpoint = loadCheckpoint(path.toStdString());
        RunRecord record;
        if (checkpoint.run.is_object()) record = RunRecord::fromJson(checkpoint.run);
        else record.id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8).toStdString();
        if (record.name.empty()) record.name = QFileInfo(path).completeBaseName().toStdString();
        record.modelSpec = checkpoint.saved.model->spec();
        record.config = checkpoint.saved.metadata.training;
        record.dataset = checkpoint.saved.metadata.dataset;
        record.epochs = checkpoint.state.history;
        record.truncateAfterEpoch(checkpoint.state.epochsDone);
        record.status = RunRecord::Status::Stopped;
        if (record.message.empty()) record.message = "imported from a checkpoint";
        record.checkpointPath = path.toStdString();
        if (RunRecord* existing = findRun(QString::fromStdString(record.id))) *existing = std::move(record);
        else runs_.push_back(std::move(record));
        history_->refresh();
        reattachCharts();
        emit runsChanged();
        return true;
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        showMessage(lastError_, true);
        return false;
    }
}

// The charts hold pointers into runs_, which moves when a run is added or deleted.
void TrainScreen::reattachCharts() {
    charts_->setLiveRun(findRun(shownRunId_));
    std::vector<const RunRecord*> overlays;
    for (const QString& id : history_->overlaidRunIds())
        if (const RunRecord* r = findRun(id); r && id != shownRunId_) overlays.push_back(r);
    charts_->setOverlaidRuns(overlays);
    charts_->refresh();
}

}  // namespace nw::ui
