#include "TrainingWorker.h"

#include <QThread>
#include <algorithm>
#include <numeric>

#include "common/Error.h"
#include "inspect/ModelSnapshot.h"
#include "inspect/PredictionSet.h"
#include "io/ModelFile.h"
#include "train/Trainer.h"

namespace nw::ui {
namespace {

constexpr auto kUpdateInterval = std::chrono::milliseconds(1000 / TrainingWorker::kUpdatesPerSecond);
// The rate shown is over the last few seconds: steady, yet quick to follow a change.
constexpr auto kRateWindow = std::chrono::seconds(3);
// Between epochs the gallery is re-predicted at most once a second, and never more often
// than keeps its cost under 1/20 of the training time.
constexpr double kMinSnapshotInterval = 1.0;
constexpr double kSnapshotCostFactor = 20.0;

RunRecord::Status statusOf(TrainingResult::Status s) {
    switch (s) {
        case TrainingResult::Status::Completed: return RunRecord::Status::Completed;
        case TrainingResult::Status::Stopped: return RunRecord::Status::Stopped;
        case TrainingResult::Status::Diverged: return RunRecord::Status::Diverged;
    }
    return RunRecord::Status::Failed;
}

}  // namespace

TrainingWorker::TrainingWorker(TrainingRequest request, std::shared_ptr<TrainingControl> control)
    : request_(std::move(request)), control_(std::move(control)) {}

void TrainingWorker::run() {
    const Dataset& data = *request_.data;
    try {
        TrainingState resumed;
        if (!request_.resumeFrom.isEmpty()) {
            Checkpoint checkpoint = loadCheckpoint(request_.resumeFrom.toStdString());
            if (checkpoint.saved.model->inputShape() != data.sampleShape)
                throw Error("the checkpoint's model takes " + shapeToString(checkpoint.saved.model->inputShape()) +
                            " inputs but '" + data.name + "' has " + shapeToString(data.sampleShape));
            model_ = std::shared_ptr<Model>(std::move(checkpoint.saved.model));
            resumed = std::move(checkpoint.state);
            request_.record.truncateAfterEpoch(resumed.epochsDone);
        } else {
            model_ = std::make_shared<Model>(request_.record.modelSpec, data.sampleShape, request_.record.config.seed);
        }
        Trainer trainer(*model_, data, request_.record.config);
        if (!request_.resumeFrom.isEmpty()) trainer.resumeFrom(resumed);
        trainer_ = &trainer;

        QStringList layerNames;
        request_.record.layerNames.clear();
        for (std::size_t i = 0; i < model_->layerCount(); ++i)
            if (!model_->layer(i).parameters().empty()) {
                const std::string label = layerLabel(i, model_->layer(i).type());
                request_.record.layerNames.push_back(label);
                layerNames << QString::fromStdString(label);
            }
        const auto& config = request_.record.config;
        const long long perEpoch = static_cast<long long>(trainer.trainingIndices().size());
        totalSamples_ = perEpoch * config.epochs;
        samplesSeen_ = perEpoch * trainer.state().epochsDone;
        lastFlush_ = Clock::now();
        rateWindow_.emplace_back(lastFlush_, samplesSeen_);
        post(TrainingStarted{trainer.state().epochsDone, layerNames});
        chooseGallerySubset();
        tinyModel_ = model_->parameterCount() < 10000;
        postSnapshot();  // what the untrained (or resumed) network makes of the gallery

        const TrainingResult result = trainer.run(this, control_.get());
        flush();
        // A diverged network's weights are not worth a look; its last snapshot stays shown.
        if (result.status != TrainingResult::Status::Diverged) postSnapshot(true);
        trainer_ = nullptr;
        TrainingOutcome outcome;
        outcome.status = statusOf(result.status);
        outcome.message = QString::fromStdString(result.message);
        outcome.normalization = trainer.normalization();
        outcome.history = result.history;
        // The trainer is gone and the thread is done with the model: it is the GUI's now.
        outcome.model = model_;
        post(std::move(outcome));
        markReturned();
    } catch (const std::exception& e) {
        trainer_ = nullptr;
        flush();
        TrainingOutcome outcome;
        outcome.status = RunRecord::Status::Failed;
        outcome.message = QString::fromStdString(e.what());
        post(std::move(outcome));
        markReturned();
    }
}

void TrainingWorker::markReturned() {
    // After the last signal: the session takes this lock before deleting the worker, which
    // orders the two for ThreadSanitizer (QThread::wait() is invisible to it).
    std::lock_guard lock(mailboxMutex_);
    returned_ = true;
}

bool TrainingWorker::hasReturned() {
    std::lock_guard lock(mailboxMutex_);
    return returned_;
}

bool TrainingWorker::wantsLayerStatistics() {
    // Single steps always report what they did; a running epoch samples a few times a second.
    const auto now = Clock::now();
    if (control_->paused() || now - lastStatistics_ >= kUpdateInterval) {
        lastStatistics_ = now;
        return true;
    }
    return false;
}

void TrainingWorker::onBatchEnd(const BatchReport& r) {
    const double epoch = r.epoch - 1 + static_cast<double>(r.batch) / r.batchesPerEpoch;
    BatchPoint point{r.step, epoch, static_cast<float>(r.loss), r.accuracy ? static_cast<float>(*r.accuracy) : -1.0f,
                     static_cast<float>(r.learningRate)};
    pending_.batches.push_back(point);
    request_.record.batches.push_back(point);
    if (!r.layers.empty()) {
        GradientNormPoint norms{r.step, epoch, {}};
        for (const auto& l : r.layers) norms.norms.push_back(static_cast<float>(l.gradientNorm));
        pending_.gradientNorms.push_back(norms);
        request_.record.gradientNorms.push_back(std::move(norms));
        pending_.layerStatistics = r.layers;
        pending_.layerStatisticsStep = r.step;
    }
    samplesSeen_ += r.batchSize;
    auto& p = pending_.progress;
    p.epoch = r.epoch;
    p.epochs = request_.record.config.epochs;
    p.batch = r.batch;
    p.batchesPerEpoch = r.batchesPerEpoch;
    p.step = r.step;

    // A paused run (after a single step) shows its step at once; a running one at most
    // kUpdatesPerSecond times a second.
    const auto now = Clock::now();
    if (control_->paused() || now - lastFlush_ >= kUpdateInterval) flush();
    const double sinceSnapshot = std::chrono::duration<double>(now - lastSnapshot_).count();
    if (snapshotRequested_.exchange(false) || control_->paused() ||
        (liveSnapshots_ && sinceSnapshot >= std::max(kMinSnapshotInterval, kSnapshotCostFactor * snapshotSeconds_)))
        postSnapshot();
}

void TrainingWorker::chooseGallerySubset() {
    const Dataset& data = *request_.data;
    const auto& validation = trainer_->validationIndices();
    std::vector<std::size_t> pool;
    if (!validation.empty()) {
        gallerySamples_ = &trainer_->validationSamples();
        gallerySplit_ = gallerySamples_ == &data.validation ? TrainingSnapshot::Split::Validation : TrainingSnapshot::Split::Training;
        pool = validation;
    } else if (data.hasTest()) {
        gallerySamples_ = &data.test;
        gallerySplit_ = TrainingSnapshot::Split::Test;
        pool.resize(data.test.size());
        std::iota(pool.begin(), pool.end(), std::size_t{0});
    } else {
        gallerySamples_ = &data.train;
        gallerySplit_ = TrainingSnapshot::Split::Training;
        pool = trainer_->trainingIndices();
    }
    std::sort(pool.begin(), pool.end());
    // An even stride over a stratified, shuffled hold-out keeps the class mix; the same
    // samples stay in the gallery for the whole run.
    const std::size_t n = std::min<std::size_t>(pool.size(), static_cast<std::size_t>(std::max(0, request_.gallerySize)));
    galleryIndices_.clear();
    for (std::size_t i = 0; i < n; ++i) galleryIndices_.push_back(pool[i * pool.size() / n]);
}

void TrainingWorker::postSnapshot(bool final) {
    const auto started = Clock::now();
    const Dataset& data = *request_.data;
    TrainingSnapshot snapshot;
    const TrainingState state = trainer_->state();
    snapshot.weights = std::make_shared<const ModelSnapshot>(
        takeSnapshot(*model_, trainer_->normalization(), data, state.step, state.epochsDone));
    if (data.task == Task::Classification && gallerySamples_ && !galleryIndices_.empty()) {
        PredictionSet predictions =
            predictSamples(*model_, *gallerySamples_, trainer_->normalization(), galleryIndices_, data.classCount());
        predictions.step = state.step;
        predictions.epoch = state.epochsDone;
        snapshot.predictions = std::make_shared<const PredictionSet>(std::move(predictions));
    }
    snapshot.data = request_.data;
    snapshot.split = gallerySplit_;
    snapshot.final = final;
    post(std::move(snapshot));
    lastSnapshot_ = Clock::now();
    snapshotSeconds_ = std::chrono::duration<double>(lastSnapshot_ - started).count();
}

double TrainingWorker::recentSamplesPerSecond() {
    const auto now = Clock::now();
    rateWindow_.emplace_back(now, samplesSeen_);
    while (rateWindow_.size() > 2 && now - rateWindow_[1].first >= kRateWindow) rateWindow_.pop_front();
    const double seconds = std::chrono::duration<double>(now - rateWindow_.front().first).count();
    const long long samples = samplesSeen_ - rateWindow_.front().second;
    return seconds > 0.05 && samples > 0 ? samples / seconds : 0.0;
}

void TrainingWorker::flush() {
    lastFlush_ = Clock::now();
    auto& p = pending_.progress;
    // Paused time is not training time: the window restarts after a pause.
    if (control_->paused()) {
        rateWindow_.clear();
        rateWindow_.emplace_back(lastFlush_, samplesSeen_);
    } else {
        p.samplesPerSecond = recentSamplesPerSecond();
    }
    p.etaSeconds = p.samplesPerSecond > 0.0 ? static_cast<double>(totalSamples_ - samplesSeen_) / p.samplesPerSecond : -1.0;
    if (pending_.batches.empty() && pending_.layerStatistics.empty()) return;
    post(pending_);
    pending_.batches.clear();
    pending_.gradientNorms.clear();
    pending_.layerStatistics.clear();
}

void TrainingWorker::onEpochEnd(const EpochReport& report) {
    flush();
    // Every epoch end for big models (an epoch is long); for tiny ones (linreg's 1000
    // full-batch epochs take milliseconds) every k-th, so a run sends about 200.
    const int every = std::max(1, report.epochs / 200);
    if (!tinyModel_ || report.epoch % every == 0) postSnapshot();
    request_.record.epochs.push_back(report);
    QString written, error;
    if (!request_.checkpointPath.isEmpty()) {
        try {
            const TrainingState state = trainer_->state();
            request_.record.checkpointPath = request_.checkpointPath.toStdString();
            saveCheckpoint(request_.checkpointPath.toStdString(), *model_,
                           metadataFor(*request_.data, trainer_->normalization(), request_.record.config, state.history),
                           state, request_.record.toJson());
            written = request_.checkpointPath;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
    }
    post(TrainingEpochEnded{report, written, error});
}

void TrainingWorker::post(TrainingEvent event) {
    bool wasEmpty = false;
    {
        std::lock_guard lock(mailboxMutex_);
        wasEmpty = mailbox_.empty();
        mailbox_.push_back(std::move(event));
    }
    // One wake-up per batch of events: a slow GUI thread drains many at once instead of
    // finding a queue of stale notifications.
    if (wasEmpty) emit eventsReady();
}

std::vector<TrainingEvent> TrainingWorker::takeEvents() {
    std::lock_guard lock(mailboxMutex_);
    std::vector<TrainingEvent> events;
    events.swap(mailbox_);
    return events;
}

}  // namespace nw::ui
