#pragma once
#include <span>
#include <vector>

#include "data/Dataset.h"
#include "data/ImageAugmentation.h"
#include "nn/Loss.h"
#include "nn/Model.h"
#include "nn/Optimizer.h"
#include "nn/kernels/ComputeThreads.h"  // setComputeThreads(): run() applies config().threads
#include "train/TrainingConfig.h"
#include "train/TrainingControl.h"
#include "train/TrainingObserver.h"

namespace nw {

// Where a run stands after an epoch: enough to resume it exactly (same shuffles, same
// optimizer moments, the epoch count and history going on) from a checkpoint.
struct TrainingState {
    int epochsDone = 0;
    long long step = 0;
    std::vector<EpochReport> history;
    OptimizerState optimizer;
};

struct TrainingResult {
    enum class Status { Completed, Stopped, Diverged };
    Status status = Status::Completed;
    std::string message;  // why it stopped early
    std::vector<EpochReport> history;
};

// Runs the training loop of a model on a dataset: seeded shuffling, mini-batches gathered
// into buffers allocated once, the optimizer step, metrics, a validation pass per epoch and
// a NaN/Inf guard. Knows nothing of threads beyond the control it is handed.
class Trainer {
public:
    // Throws nw::Error when the configuration does not fit the model or the data.
    // Validation uses the data's own validation split when it has one (an image folder's
    // val/), whatever config.validationSplit says; otherwise a stratified, seeded part of
    // the training split of that size.
    Trainer(Model& model, const Dataset& data, TrainingConfig config);

    // Trains from the epoch after state().epochsDone up to config().epochs; the result's
    // history includes the epochs of a resumed state.
    TrainingResult run(TrainingObserver* observer = nullptr, TrainingControl* control = nullptr);
    // The state after the last finished epoch (the model's weights are the caller's).
    TrainingState state();
    // Continues a run whose model weights were restored from the same checkpoint. Throws
    // nw::Error when the state does not fit this model, optimizer or epoch count.
    void resumeFrom(const TrainingState& state);
    // Loss and task metrics on a whole split (or the chosen samples of it), inference mode.
    Metrics evaluate(const SampleSet& samples, const std::vector<std::size_t>* indices = nullptr);

    const std::vector<std::size_t>& trainingIndices() const { return trainIndices_; }
    const std::vector<std::size_t>& validationIndices() const { return validationIndices_; }
    // The split validationIndices() index into: the data's own validation split, or the
    // training split a part was held out of.
    const SampleSet& validationSamples() const { return *validationSet_; }
    const TrainingConfig& config() const { return config_; }
    // The input normalization fitted on the training samples; saved with the model.
    const Normalization& normalization() const { return normalization_; }

private:
    // What a step leaves: the model's output for the batch (valid until the next forward
    // pass) and the batch's loss.
    struct StepOutcome {
        const Tensor& output;
        double loss;
    };
    void shuffleFor(int epoch, std::vector<std::size_t>& order) const;
    void loadBatch(std::span<const std::size_t> samples);
    StepOutcome computeGradients();
    StepOutcome trainStep(float rate);
    StepOutcome trainStepWithStatistics(float rate, BatchReport& report);
    void recordGradientsAndWeights(BatchReport& report);
    void recordUpdates(BatchReport& report);

    Model& model_;
    const Dataset& data_;
    TrainingConfig config_;
    std::unique_ptr<Loss> loss_;
    std::unique_ptr<Optimizer> optimizer_;
    std::vector<Parameter> parameters_;
    bool fused_ = false;
    std::vector<std::size_t> trainIndices_, validationIndices_;
    Normalization normalization_;
    const SampleSet* validationSet_ = nullptr;
    std::unique_ptr<ImageAugmenter> augmenter_;
    Tensor batchInput_, batchTargets_, lossGradient_;
    int epochsDone_ = 0;
    long long step_ = 0;
    std::vector<EpochReport> history_;
    // Parameters grouped by layer for per-layer statistics, and the weights before a step
    // (allocated on the first request).
    struct LayerParameters {
        std::string label;
        std::vector<Parameter> parameters;
    };
    std::vector<LayerParameters> layerParameters_;
    std::vector<Eigen::ArrayXf> weightsBeforeStep_;
};

}  // namespace nw
