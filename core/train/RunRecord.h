#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "train/TrainingConfig.h"
#include "train/TrainingObserver.h"

namespace nw {

// One optimizer step as the curves show it.
struct BatchPoint {
    long long step = 0;   // 1-based across the whole run
    double epoch = 0.0;   // fractional: epoch − 1 + batch / batchesPerEpoch, so 1.0 ends epoch 1
    float loss = 0.0f;
    float accuracy = -1.0f;  // this batch's; −1 for regression
    float learningRate = 0.0f;
};

// Per-layer gradient norms at one step (sampled: statistics are taken a few times a second).
struct GradientNormPoint {
    long long step = 0;
    double epoch = 0.0;
    std::vector<float> norms;  // one per entry of RunRecord::layerNames
};

// Everything kept about one training run: what was trained with which settings, how it
// ended, and its curves, so runs can be compared, overlaid, saved with the project and
// resumed from their checkpoint.
struct RunRecord {
    enum class Status { Running, Completed, Stopped, Diverged, Failed };

    std::string id;     // unique within a project
    std::string name;   // shown in the run list; the user may rename it
    std::string dataset;
    std::string startedAt;  // ISO 8601, local time
    nlohmann::json modelSpec;
    TrainingConfig config;
    Status status = Status::Running;
    std::string message;         // why it stopped, diverged or failed
    std::string checkpointPath;  // the last epoch's checkpoint, empty until one is written
    std::vector<std::string> layerNames;  // "layer 2 (dense)", for gradient norms
    std::vector<BatchPoint> batches;
    std::vector<EpochReport> epochs;
    std::vector<GradientNormPoint> gradientNorms;

    // Curves are stored column by column; floats keep six significant digits.
    nlohmann::json toJson() const;
    // Throws nw::Error naming the field that is missing or mistyped, or the column whose
    // length does not match.
    static RunRecord fromJson(const nlohmann::json& j);
    // Drops the curve points after the given epoch (a run resumed from that epoch's
    // checkpoint redraws them).
    void truncateAfterEpoch(int epochsDone);
};

std::string runStatusName(RunRecord::Status status);
RunRecord::Status runStatusFromName(const std::string& name);

}  // namespace nw
