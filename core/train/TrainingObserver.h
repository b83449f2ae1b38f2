#pragma once
#include <string>

#include "train/Metrics.h"

namespace nw {

struct BatchReport {
    int epoch;            // 1-based
    int batch;            // 1-based within the epoch
    int batchesPerEpoch;
    int batchSize;
    double loss;          // this batch's mean loss
    double learningRate;
    long long step;       // optimizer steps so far in this run
};

struct EpochReport {
    int epoch;  // 1-based
    int epochs;
    Metrics train;       // averaged over the epoch's batches, as the weights moved
    Metrics validation;  // samples == 0 when there is no validation split
    double learningRate;
    double seconds;
};

// How a run reports; every callback runs on the training thread, between batches.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onBatchEnd(const BatchReport&) {}
    virtual void onEpochEnd(const EpochReport&) {}
};

}  // namespace nw
