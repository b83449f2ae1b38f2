#pragma once
#include <QObject>
#include <chrono>
#include <deque>
#include <memory>

#include "TrainingUpdate.h"
#include "train/TrainingConfig.h"
#include "train/Trainer.h"
#include "train/TrainingControl.h"

namespace nw::ui {

// What to train: a model spec on data with settings, as a run with its own record. When
// resumeFrom names a checkpoint, the weights, optimizer state and epoch count come from it
// and the record's curves go on from its last epoch.
struct TrainingRequest {
    RunRecord record;  // id, name, spec and config; curves empty for a new run
    std::shared_ptr<const Dataset> data;
    QString checkpointPath;  // written (atomically) at every epoch end
    QString resumeFrom;
};

// Owns one run of the core trainer on the thread it lives on (a QThread of the Train
// screen's session). Observer callbacks become queued signals carrying plain values,
// throttled to about 30 a second whatever the batch size; the GUI thread never touches the
// model while the trainer writes it.
class TrainingWorker : public QObject, private TrainingObserver {
    Q_OBJECT
public:
    TrainingWorker(TrainingRequest request, std::shared_ptr<TrainingControl> control);

    // Runs the whole training on the calling thread (the worker's); emits finished() last.
    void run();

    // At most this many updates a second reach the GUI thread.
    static constexpr int kUpdatesPerSecond = 30;

signals:
    void started(int epochsDone, QStringList layerNames);
    void updated(nw::ui::TrainingUpdate update);
    // After the epoch's checkpoint is written (checkpointPath empty when writing failed;
    // checkpointError says why).
    void epochEnded(nw::EpochReport report, QString checkpointPath, QString checkpointError);
    void finished(nw::ui::TrainingOutcome outcome);

private:
    bool wantsLayerStatistics() override;
    void onBatchEnd(const BatchReport& report) override;
    void onEpochEnd(const EpochReport& report) override;
    void flush();
    double recentSamplesPerSecond();

    using Clock = std::chrono::steady_clock;
    TrainingRequest request_;
    std::shared_ptr<TrainingControl> control_;
    std::shared_ptr<Model> model_;
    Trainer* trainer_ = nullptr;  // while run() is in the trainer
    TrainingUpdate pending_;
    Clock::time_point lastFlush_{}, lastStatistics_{};
    // (time, samples so far) pairs over the last few seconds, for the rate and ETA.
    std::deque<std::pair<Clock::time_point, long long>> rateWindow_;
    long long samplesSeen_ = 0;
    long long totalSamples_ = 0;
    long long samplesDoneAtStart_ = 0;
};

}  // namespace nw::ui
