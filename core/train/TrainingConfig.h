#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "data/ImageAugmentation.h"
#include "nn/LearningRateSchedule.h"
#include "nn/Optimizer.h"

namespace nw {

// Every hyperparameter of a run. Presets fill it; flags and the Train screen override it.
struct TrainingConfig {
    std::string loss = "cross_entropy";
    OptimizerSettings optimizer;
    LearningRateSchedule schedule;  // schedule.baseRate is the learning rate
    int batchSize = 32;             // 0: the whole training set in one batch
    int epochs = 10;
    double validationSplit = 0.0;   // fraction of the training split held out
    std::uint64_t seed = 1;
    int threads = 0;                // 0: every core
    std::string normalization = "default";  // default, standard, per-feature, none
    AugmentationSettings augmentation;      // image training batches only

    nlohmann::json toJson() const;
    static TrainingConfig fromJson(const nlohmann::json& j);
    // Throws nw::Error naming the bad setting.
    void validate() const;
};

}  // namespace nw
