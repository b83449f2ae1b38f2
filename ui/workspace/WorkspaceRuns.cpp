// The Workspace's runs: starting, resuming and importing them, keeping their records as the
// session reports, and the trained model a finished run leaves.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>
#include <algorithm>

#include "Workspace.h"
#include "common/Error.h"
#include "data/Dataset.h"

namespace nw::ui {

namespace {

QString newRunId() { return QUuid::createUuid().toString(QUuid::WithoutBraces).left(8); }

int epochsDone(const RunRecord& r) { return r.epochs.empty() ? 0 : r.epochs.back().epoch; }

// Training in the window leaves one core to the window itself: on a small machine a GUI
// thread competing with every compute thread makes both stutter (docs/benchmarks.md).
int automaticTrainingThreads() { return std::max(1, QThread::idealThreadCount() - 1); }

}  // namespace

void Workspace::connectSession() {
    connect(&session_, &TrainingSession::stateChanged, this, [this] { emit trainingActiveChanged(session_.isActive()); });
    connect(&session_, &TrainingSession::started, this, [this](int, const QStringList& layers) {
        runs_.update(liveRunId_, [&](RunRecord& run) {
            run.layerNames.clear();
            for (const auto& l : layers) run.layerNames.push_back(l.toStdString());
        });
    });
    connect(&session_, &TrainingSession::updated, this, &Workspace::onUpdated);
    connect(&session_, &TrainingSession::epochEnded, this, &Workspace::onEpochEnded);
    connect(&session_, &TrainingSession::finished, this, &Workspace::onFinished);
}

bool Workspace::refuse(const QString& reason) {
    lastError_ = reason;
    emit trainingMessage(reason, true);
    return false;
}

QString Workspace::checkpointPathFor(const QString& id) const {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/checkpoints";
    QDir().mkpath(folder);
    return folder + "/" + id + ".nwm";
}

bool Workspace::startRun(bool paused) {
    if (session_.isActive()) return refuse(tr("A run is already training."));
    const QStringList reasons = trainingProblems();
    if (!reasons.isEmpty()) {
        lastError_ = reasons.join('\n');
        emit trainingMessage(tr("Cannot start training: %1").arg(reasons.join(' ')), true);
        return false;
    }
    RunRecord record;
    record.id = newRunId().toStdString();
    // Numbers keep counting after a run is deleted, so two runs never share a name.
    int number = 1;
    for (const RunRecord& r : runs_.records()) {
        const QString name = QString::fromStdString(r.name);
        if (name.startsWith(tr("Run "))) number = std::max(number, name.mid(4).section(' ', 0, 0).toInt() + 1);
    }
    record.name = tr("Run %1 · %2").arg(number).arg(QString::fromStdString(document_.spec().value("name", std::string("model")))).toStdString();
    record.dataset = dataset_->name;
    record.startedAt = QDateTime::currentDateTime().toString(Qt::ISODate).toStdString();
    record.modelSpec = document_.spec();
    record.config = config_;
    return launch(std::move(record), {}, paused);
}

bool Workspace::resumeRun(const QString& id) {
    const auto run = runs_.find(id);
    if (!run || session_.isActive()) return false;
    const QString name = QString::fromStdString(run->name);
    const QString checkpoint = QString::fromStdString(run->checkpointPath);
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint))
        return refuse(tr("Run “%1” has no checkpoint to resume from (it stopped before its first epoch ended).").arg(name));
    if (!dataset_ || dataset_->name != run->dataset)
        return refuse(tr("Run “%1” trained on “%2”; load that dataset to resume it.").arg(name, QString::fromStdString(run->dataset)));
    RunRecord record = *run;
    // A finished run trains on up to the epoch count now set.
    const int done = epochsDone(record);
    record.config.epochs = std::max(record.config.epochs, config_.epochs);
    if (done >= record.config.epochs)
        return refuse(tr("Run “%1” has finished its %2 epochs; set Epochs above %2 to train it further.").arg(name).arg(done));
    // The curves go on from the checkpoint's epoch; later points are redrawn.
    record.truncateAfterEpoch(done);
    return launch(std::move(record), checkpoint, false);
}

bool Workspace::launch(RunRecord record, const QString& resumeFrom, bool paused) {
    if (record.config.threads == 0) record.config.threads = automaticTrainingThreads();
    record.status = RunRecord::Status::Running;
    record.message.clear();
    const QString id = QString::fromStdString(record.id);
    TrainingRequest request;
    request.record = record;
    request.data = dataset_;
    request.checkpointPath = checkpointPathFor(id);
    request.resumeFrom = resumeFrom;
    runs_.put(std::move(record));
    liveRunId_ = id;
    lastError_.clear();
    emit runLaunched(id, !resumeFrom.isEmpty());
    session_.start(std::move(request), paused);
    setRunsChanged(true);
    return true;
}

bool Workspace::importCheckpoint(const QString& path) {
    try {
        Checkpoint checkpoint = loadCheckpoint(path.toStdString());
        RunRecord record;
        if (checkpoint.run.is_object()) record = RunRecord::fromJson(checkpoint.run);
        else record.id = newRunId().toStdString();
        if (record.name.empty()) record.name = QFileInfo(path).completeBaseName().toStdString();
        record.modelSpec = checkpoint.saved.model->spec();
        record.config = checkpoint.saved.metadata.training;
        record.dataset = checkpoint.saved.metadata.dataset;
        record.epochs = checkpoint.state.history;
        record.truncateAfterEpoch(checkpoint.state.epochsDone);
        record.status = RunRecord::Status::Stopped;
        if (record.message.empty()) record.message = "imported from a checkpoint";
        record.checkpointPath = path.toStdString();
        runs_.put(std::move(record));
        setRunsChanged(true);
        return true;
    } catch (const Error& e) {
        return refuse(QString::fromStdString(e.what()));
    }
}

bool Workspace::renameRun(const QString& id, const QString& name) {
    if (!runs_.rename(id, name)) return false;
    setRunsChanged(true);
    return true;
}

bool Workspace::deleteRun(const QString& id) {
    const auto run = runs_.find(id);
    if (!run || (id == liveRunId_ && session_.isActive())) return false;
    // Checkpoints in our own folder go with their run; a user's own files are left alone.
    const QString checkpoint = QString::fromStdString(run->checkpointPath);
    if (!checkpoint.isEmpty() && QFileInfo(checkpoint).absolutePath() == QFileInfo(checkpointPathFor(id)).absolutePath())
        QFile::remove(checkpoint);
    runs_.remove(id);
    if (id == liveRunId_) liveRunId_.clear();
    setRunsChanged(true);
    return true;
}

void Workspace::useRunSettings(const QString& id) {
    if (const auto run = runs_.find(id)) setTrainingConfig(run->config);
}

void Workspace::onUpdated(const TrainingUpdate& update) {
    const bool known = runs_.update(liveRunId_, [&](RunRecord& run) {
        run.batches.insert(run.batches.end(), update.batches.begin(), update.batches.end());
        run.gradientNorms.insert(run.gradientNorms.end(), update.gradientNorms.begin(), update.gradientNorms.end());
    });
    if (known) emit runUpdated(update);
}

void Workspace::onEpochEnded(const EpochReport& report, const QString& checkpoint, const QString& error) {
    const bool known = runs_.update(liveRunId_, [&](RunRecord& run) {
        run.epochs.push_back(report);
        if (!checkpoint.isEmpty()) run.checkpointPath = checkpoint.toStdString();
    });
    if (!known) return;
    if (!error.isEmpty()) emit trainingMessage(tr("The checkpoint could not be written: %1").arg(error), true);
    setRunsChanged(true);
    emit runEpochEnded(report);
}

void Workspace::onFinished(const TrainingOutcome& outcome) {
    runs_.update(liveRunId_, [&](RunRecord& run) {
        run.status = outcome.status;
        run.message = outcome.message.toStdString();
    });
    const bool succeeded = outcome.status == RunRecord::Status::Completed || outcome.status == RunRecord::Status::Stopped;
    lastError_ = succeeded ? QString() : outcome.message;
    if (outcome.model) {
        trainedModel_ = outcome.model;
        trainedNormalization_ = outcome.normalization;
        trainedRunId_ = liveRunId_;
    }
    setRunsChanged(true);
    emit runFinished(outcome);
    if (outcome.model) {
        emit trainedModelChanged();
        followTraining();
    }
}

std::optional<ModelMetadata> Workspace::trainedMetadata() const {
    if (!trainedModel_ || !dataset_) return std::nullopt;
    const auto run = trainedRun();
    return metadataFor(*dataset_, trainedNormalization_, run ? run->config : config_,
                       run ? run->epochs : std::vector<EpochReport>{});
}

bool Workspace::saveTrainedModel(const QString& path) {
    const auto metadata = trainedMetadata();
    if (!trainedModel_ || !metadata) {
        lastError_ = tr("Train the model first (F5); the network of the last finished run is what gets saved.");
        return false;
    }
    if (isTraining()) {
        lastError_ = tr("Wait for the run to end, or stop it, before saving its model.");
        return false;
    }
    try {
        saveModel(path.toStdString(), *trainedModel_, *metadata);
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

}  // namespace nw::ui
