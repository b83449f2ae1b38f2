#pragma once
#include <condition_variable>
#include <mutex>

namespace nw {

// Pause, resume, stop and single-step, set from any thread and obeyed by the trainer
// between batches.
class TrainingControl {
public:
    void pause();
    void resume();
    void stop();
    // Lets exactly one more batch run, then pauses again.
    void step();

    bool stopRequested() const;
    bool paused() const;
    // Called by the trainer before each batch: blocks while paused; false means stop.
    bool waitForNextBatch();

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool paused_ = false;
    bool stopped_ = false;
    int stepsAllowed_ = 0;
};

}  // namespace nw
