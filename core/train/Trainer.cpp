#include "train/Trainer.h"

#include <chrono>
#include <cmath>
#include <numeric>

#include "common/Error.h"
#include "common/Random.h"
#include "data/DatasetSplit.h"
#include "train/Evaluation.h"
#include "train/TrainingChecks.h"

namespace nw {
namespace {

std::string formatRate(double rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", rate);
    return text;
}

}  // namespace

Trainer::Trainer(Model& model, const Dataset& data, TrainingConfig config)
    : model_(model), data_(data), config_(std::move(config)), validationSet_(&data.train) {
    // A schedule that anneals over the run (cosine) spans the epochs asked for.
    config_.schedule.totalEpochs = config_.epochs;
    if (const auto problems = trainingSetupProblems(config_, model_.outputShape(), data_); !problems.empty())
        throw Error(problems.front());
    loss_ = makeLoss(config_.loss);
    optimizer_ = makeOptimizer(config_.optimizer);
    fused_ = loss_->fusesWith(model_.outputActivation());
    model_.setOutputActivationFusedIntoLoss(fused_);

    // Validation comes from the data's own split when it brings one (an image folder's
    // val/), otherwise from a seeded, stratified part of the training split.
    if (!data_.validation.empty()) {
        validationSet_ = &data_.validation;
        trainIndices_ = splitSamples(data_.train, data_.task, 0.0, config_.seed).kept;
        validationIndices_.resize(data_.validation.size());
        std::iota(validationIndices_.begin(), validationIndices_.end(), std::size_t{0});
    } else {
        auto split = splitSamples(data_.train, data_.task, config_.validationSplit, config_.seed);
        trainIndices_ = std::move(split.kept);
        validationIndices_ = std::move(split.held);
    }
    if (trainIndices_.empty()) throw Error("no training samples are left after the validation split");
    NormalizationKind kind = normalizationKindFromName(config_.normalization);
    if (kind == NormalizationKind::Default) kind = data_.preferredNormalization;
    normalization_ = fitNormalization(data_.train, kind, data_.normalization, &trainIndices_);
    if (config_.augmentation.enabled()) {
        augmenter_ = std::make_unique<ImageAugmenter>(config_.augmentation, config_.seed + 7);
    }
    for (std::size_t i = 0; i < model_.layerCount(); ++i) {
        auto parameters = model_.layer(i).parameters();
        if (!parameters.empty())
            layerParameters_.push_back({layerLabel(i, model_.layer(i).type()), std::move(parameters)});
    }
}

TrainingState Trainer::state() { return {epochsDone_, step_, history_, optimizer_->state()}; }

void Trainer::resumeFrom(const TrainingState& state) {
    if (state.epochsDone < 0 || state.step < 0) throw Error("the training state has a negative epoch or step count");
    if (state.epochsDone >= config_.epochs)
        throw Error("the run already finished its " + std::to_string(state.epochsDone) + " epochs; ask for more than " +
                    std::to_string(state.epochsDone) + " to go on");
    optimizer_->restore(state.optimizer, model_.parameters());
    epochsDone_ = state.epochsDone;
    step_ = state.step;
    history_ = state.history;
}

// Per-layer statistics are taken between the backward pass and the update: the gradients
// as the backward pass left them (an optimizer may add weight decay to them in place) and
// the weights before they move.
void Trainer::recordGradientsAndWeights(BatchReport& report) {
    weightsBeforeStep_.resize(layerParameters_.size() * 2);
    report.layers.clear();
    std::size_t slot = 0;
    for (const auto& group : layerParameters_) {
        double gradient = 0.0, weight = 0.0;
        for (const auto& p : group.parameters) {
            gradient += p.gradient->array().cast<double>().square().sum();
            weight += p.value->array().cast<double>().square().sum();
        }
        // Layers here have at most two tensors (weights and bias, or gamma and beta).
        for (std::size_t k = 0; k < 2; ++k, ++slot)
            if (k < group.parameters.size()) weightsBeforeStep_[slot] = group.parameters[k].value->array();
        report.layers.push_back(LayerStatistics{.layer = group.label,
                                                .gradientNorm = std::sqrt(gradient),
                                                .updateNorm = 0.0,
                                                .weightNorm = std::sqrt(weight)});
    }
}

void Trainer::recordUpdates(BatchReport& report) {
    std::size_t slot = 0;
    for (std::size_t g = 0; g < layerParameters_.size(); ++g) {
        double update = 0.0;
        for (std::size_t k = 0; k < 2; ++k, ++slot)
            if (k < layerParameters_[g].parameters.size())
                update += (layerParameters_[g].parameters[k].value->array() - weightsBeforeStep_[slot]).cast<double>().square().sum();
        report.layers[g].updateNorm = std::sqrt(update);
    }
}

Metrics Trainer::evaluate(const SampleSet& samples, const std::vector<std::size_t>* indices) {
    return evaluateModel(model_, samples, normalization_, data_.task, *loss_, indices);
}

// Forward, loss, backward: the batch's loss and, when it is finite, every parameter's
// gradient. A loss that is not finite stops here, so a diverged run keeps its last weights.
Trainer::StepOutcome Trainer::computeGradients() {
    const Tensor& output = model_.forward(batchInput_, true);
    const double loss = loss_->value(output, batchTargets_);
    if (!std::isfinite(loss)) return {output, loss};
    if (fused_) loss_->gradientThroughActivation(output, batchTargets_, lossGradient_);
    else loss_->gradient(output, batchTargets_, lossGradient_);
    model_.backward(lossGradient_);
    return {output, loss};
}

// The few lines that learn.
Trainer::StepOutcome Trainer::trainStep(float rate) {
    const StepOutcome g = computeGradients();
    if (std::isfinite(g.loss)) optimizer_->step(parameters_, rate);
    return g;
}

// The same step, with per-layer statistics taken around the update.
Trainer::StepOutcome Trainer::trainStepWithStatistics(float rate, BatchReport& report) {
    const StepOutcome g = computeGradients();
    if (!std::isfinite(g.loss)) return g;
    recordGradientsAndWeights(report);
    optimizer_->step(parameters_, rate);
    recordUpdates(report);
    return g;
}

void Trainer::loadBatch(std::span<const std::size_t> samples) {
    data_.train.gather(samples, normalization_, batchInput_, batchTargets_);
    if (augmenter_) augmenter_->apply(batchInput_);
}

// Each epoch's order depends only on the seed and the epoch, so a run resumed from a
// checkpoint sees the same batches as one that never stopped.
void Trainer::shuffleFor(int epoch, std::vector<std::size_t>& order) const {
    Random shuffler(config_.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(epoch));
    std::copy(trainIndices_.begin(), trainIndices_.end(), order.begin());
    shuffler.shuffle(order.begin(), order.end());
}

TrainingResult Trainer::run(TrainingObserver* observer, TrainingControl* control) {
    setComputeThreads(config_.threads);
    parameters_ = model_.parameters();
    TrainingResult result{.status = TrainingResult::Status::Completed, .message = {}, .history = history_};
    std::vector<std::size_t> order = trainIndices_;
    const std::size_t batchSize = config_.batchSize > 0 ? static_cast<std::size_t>(config_.batchSize) : order.size();
    const int batchesPerEpoch = static_cast<int>((order.size() + batchSize - 1) / batchSize);
    const bool classification = data_.task == Task::Classification;

    for (int epoch = epochsDone_ + 1; epoch <= config_.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        shuffleFor(epoch, order);
        MetricsAccumulator trainMetrics(classification);
        double rate = 0.0;
        for (int b = 0; b < batchesPerEpoch; ++b) {
            if (control && !control->waitForNextBatch()) {
                result.status = TrainingResult::Status::Stopped;
                result.message = "stopped at epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1);
                return result;
            }
            const std::size_t first = static_cast<std::size_t>(b) * batchSize;
            const std::size_t n = std::min(batchSize, order.size() - first);
            loadBatch(std::span(order).subspan(first, n));
            rate = config_.schedule.rateAt(epoch - 1 + static_cast<double>(b) / batchesPerEpoch);

            BatchReport report{.epoch = epoch,
                               .batch = b + 1,
                               .batchesPerEpoch = batchesPerEpoch,
                               .batchSize = static_cast<int>(n),
                               .loss = 0.0,
                               .learningRate = rate,
                               .step = step_ + 1,
                               .accuracy = {},
                               .layers = {}};
            const bool withStatistics = observer && observer->wantsLayerStatistics();
            const StepOutcome step = withStatistics ? trainStepWithStatistics(static_cast<float>(rate), report)
                                                  : trainStep(static_cast<float>(rate));

            if (!std::isfinite(step.loss)) {
                result.status = TrainingResult::Status::Diverged;
                result.message = "training diverged: the loss became " +
                                 std::string(std::isnan(step.loss) ? "NaN" : "infinite") + " at epoch " +
                                 std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                                 "; try a smaller learning rate than " + formatRate(rate);
                return result;
            }
            const std::size_t correctBefore = trainMetrics.correctCount();
            trainMetrics.add(step.output, batchTargets_, step.loss);
            report.loss = step.loss;
            if (classification)
                report.accuracy = static_cast<double>(trainMetrics.correctCount() - correctBefore) / static_cast<double>(n);
            ++step_;
            if (observer) observer->onBatchEnd(report);
        }
        EpochReport report{.epoch = epoch,
                           .epochs = config_.epochs,
                           .train = trainMetrics.result(),
                           .validation = {},
                           .learningRate = rate,
                           .seconds = 0.0};
        if (!validationIndices_.empty()) report.validation = evaluate(*validationSet_, &validationIndices_);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!std::isfinite(report.train.loss) || (report.validation.samples && !std::isfinite(report.validation.loss))) {
            result.status = TrainingResult::Status::Diverged;
            result.message = "training diverged: the epoch's loss is not finite";
            return result;
        }
        result.history.push_back(report);
        history_.push_back(report);
        epochsDone_ = epoch;
        if (observer) observer->onEpochEnd(report);
    }
    return result;
}

}  // namespace nw
