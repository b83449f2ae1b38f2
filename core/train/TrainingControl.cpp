#include "train/TrainingControl.h"

namespace nw {

void TrainingControl::pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
    stepsAllowed_ = 0;
}

void TrainingControl::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
    }
    changed_.notify_all();
}

void TrainingControl::stop() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    changed_.notify_all();
}

void TrainingControl::step() {
    {
        std::lock_guard lock(mutex_);
        paused_ = true;
        ++stepsAllowed_;
    }
    changed_.notify_all();
}

bool TrainingControl::stopRequested() const {
    std::lock_guard lock(mutex_);
    return stopped_;
}

bool TrainingControl::paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
}

bool TrainingControl::waitForNextBatch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopped_ || !paused_ || stepsAllowed_ > 0; });
    if (stopped_) return false;
    if (paused_) --stepsAllowed_;
    return true;
}

}  // namespace nw
