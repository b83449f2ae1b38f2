#pragma once
#include <QObject>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

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
    int gallerySize = 1000;  // validation samples re-predicted for the Inspect screen
};

// What the worker tells the GUI thread, in order.
using TrainingEvent = std::variant<TrainingStarted, TrainingUpdate, TrainingEpochEnded, TrainingSnapshot, TrainingOutcome>;

// Owns one run of the core trainer on the thread it lives on (a QThread of the Train
// screen's session). Observer callbacks become plain values posted to a mailbox, throttled
// to about 30 updates a second whatever the batch size, and a queued eventsReady() tells the
// GUI thread to take them. The mailbox's std::mutex is the one hand-over point between the
// threads (ThreadSanitizer sees it, as it cannot see Qt's own event queue); the GUI thread
// never touches the model while the trainer writes it, and gets it only in the outcome.
class TrainingWorker : public QObject, private TrainingObserver {
    Q_OBJECT
public:
    TrainingWorker(TrainingRequest request, std::shared_ptr<TrainingControl> control);

    // Runs the whole training on the calling thread (the worker's); posts the outcome last.
    void run();
    // Every event posted since the last call, oldest first (any thread).
    std::vector<TrainingEvent> takeEvents();
    // True once run() is over (checked by the session before it deletes the worker).
    bool hasReturned();
    // Asks for a snapshot at the next batch boundary (any thread).
    void requestSnapshot() { snapshotRequested_ = true; }
    // Whether anyone is watching the predictions: only then are snapshots also taken
    // between epoch ends (any thread).
    void setLiveSnapshots(bool on) { liveSnapshots_ = on; }

    // At most this many updates a second reach the GUI thread.
    static constexpr int kUpdatesPerSecond = 30;

signals:
    // The mailbox went from empty to not empty.
    void eventsReady();

private:
    bool wantsLayerStatistics() override;
    void onBatchEnd(const BatchReport& report) override;
    void onEpochEnd(const EpochReport& report) override;
    void flush();
    void post(TrainingEvent event);
    void markReturned();
    // Copies the weights and re-predicts the gallery subset; posts both.
    void postSnapshot(bool final = false);
    void chooseGallerySubset();
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
    // The Inspect screen's fixed subset, and when it was last re-predicted: at every epoch
    // end, on request, and between epochs when that costs under ~5 % of the training time.
    const SampleSet* gallerySamples_ = nullptr;
    std::vector<std::size_t> galleryIndices_;
    TrainingSnapshot::Split gallerySplit_ = TrainingSnapshot::Split::Validation;
    bool tinyModel_ = false;  // snapshots cost next to nothing: one per epoch (up to 200 a run)
    Clock::time_point lastSnapshot_{};
    double snapshotSeconds_ = 0.0;
    std::atomic<bool> snapshotRequested_{false};
    std::atomic<bool> liveSnapshots_{false};
    std::mutex mailboxMutex_;
    std::vector<TrainingEvent> mailbox_;
    bool returned_ = false;
};

}  // namespace nw::ui
