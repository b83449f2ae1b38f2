#pragma once
#include <optional>
#include <string>
#include <vector>

#include "train/Metrics.h"

namespace nw {

// What one optimizer step did to one layer's parameters (weights and biases together): the
// numbers that tell whether a learning rate is too high (update/weight near 1e-1) or too
// low (below 1e-5); around 1e-3 is the usual healthy range.
struct LayerStatistics {
    std::string layer;          // "layer 2 (dense)"
    double gradientNorm = 0.0;  // L2 norm of the gradient, weight decay not included
    double updateNorm = 0.0;    // L2 norm of (weights after the step − weights before)
    double weightNorm = 0.0;    // L2 norm of the weights before the step
    double updateRatio() const { return weightNorm > 0.0 ? updateNorm / weightNorm : 0.0; }
};

struct BatchReport {
    int epoch;            // 1-based
    int batch;            // 1-based within the epoch
    int batchesPerEpoch;
    int batchSize;
    double loss;          // this batch's mean loss
    double learningRate;
    long long step;       // optimizer steps so far in this run
    std::optional<double> accuracy;      // this batch's, for classification
    std::vector<LayerStatistics> layers;  // only when the observer asked for them
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
    // Asked before each optimizer step; per-layer statistics cost a pass over every weight,
    // so an observer asks only as often as it can show them.
    virtual bool wantsLayerStatistics() { return false; }
    virtual void onBatchEnd(const BatchReport&) {}
    // The trainer's state() is already that of the finished epoch, so a checkpoint taken
    // here resumes after it.
    virtual void onEpochEnd(const EpochReport&) {}
};

}  // namespace nw
