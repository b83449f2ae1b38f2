#include "train/Trainer.h"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "common/Error.h"
#include "common/Random.h"
#include "data/DatasetSplit.h"
#include "train/Evaluation.h"

namespace nw {
namespace {

std::string formatRate(double rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", rate);
    return text;
}

}  // namespace

int defaultComputeThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

void setComputeThreads(int threads) {
    const int n = threads > 0 ? threads : defaultComputeThreads();
    omp_set_num_threads(n);
    Eigen::setNbThreads(n);
}

Trainer::Trainer(Model& model, const Dataset& data, TrainingConfig config)
    : model_(model), data_(data), config_(std::move(config)), validationSet_(&data.train) {
    config_.validate();
    loss_ = makeLoss(config_.loss);
    optimizer_ = makeOptimizer(config_.optimizer);
    const Shape out = model_.outputShape();
    if (out.size() != 1)
        throw Error("the model's output is " + shapeToString(out) + "; a trainable model ends in a flat layer (add flatten and dense)");
    if (data_.task == Task::Classification) {
        if (!loss_->wantsClassTargets())
            throw Error("loss '" + config_.loss + "' is for regression but '" + data_.name + "' is a classification set; use cross_entropy");
        const bool binary = config_.loss == "binary_cross_entropy" || config_.loss == "binary_crossentropy";
        if (binary && (out[0] != 1 || data_.classCount() != 2))
            throw Error("binary cross-entropy needs one sigmoid output and a two-class set; '" + data_.name + "' has " +
                        std::to_string(data_.classCount()) + " classes and the model " + std::to_string(out[0]) + " outputs");
        if (!binary && out[0] != data_.classCount())
            throw Error("the model has " + std::to_string(out[0]) + " outputs but '" + data_.name + "' has " +
                        std::to_string(data_.classCount()) + " classes");
    } else {
        if (loss_->wantsClassTargets())
            throw Error("loss '" + config_.loss + "' needs class labels but '" + data_.name + "' is a regression set; use mse");
        if (out[0] != data_.outputs)
            throw Error("the model has " + std::to_string(out[0]) + " outputs but '" + data_.name + "' has " +
                        std::to_string(data_.outputs) + " targets");
    }
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
        if (data_.sampleShape.size() != 3)
            throw Error("augmentation shifts, rotates and scales images, but '" + data_.name + "' has samples of shape " +
                        shapeToString(data_.sampleShape));
        augmenter_ = std::make_unique<ImageAugmenter>(config_.augmentation, config_.seed + 7);
    }
}

Metrics Trainer::evaluate(const SampleSet& samples, const std::vector<std::size_t>* indices) {
    return evaluateModel(model_, samples, normalization_, data_.task, *loss_, indices);
}

TrainingResult Trainer::run(TrainingObserver* observer, TrainingControl* control) {
    setComputeThreads(config_.threads);
    TrainingResult result;
    Random shuffler(config_.seed);
    std::vector<std::size_t> order = trainIndices_;
    const std::size_t batchSize = config_.batchSize > 0 ? static_cast<std::size_t>(config_.batchSize) : order.size();
    const int batchesPerEpoch = static_cast<int>((order.size() + batchSize - 1) / batchSize);
    auto parameters = model_.parameters();
    const bool classification = data_.task == Task::Classification;
    long long step = 0;

    for (int epoch = 1; epoch <= config_.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        shuffler.shuffle(order.begin(), order.end());
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
            data_.train.gather(std::span(order).subspan(first, n), normalization_, batchInput_, batchTargets_);
            if (augmenter_) augmenter_->apply(batchInput_);
            const Tensor& out = model_.forward(batchInput_, true);
            const double loss = loss_->value(out, batchTargets_);
            rate = config_.schedule.rateAt(epoch - 1 + static_cast<double>(b) / batchesPerEpoch);
            if (!std::isfinite(loss)) {
                result.status = TrainingResult::Status::Diverged;
                result.message = "training diverged: the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                                 " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                                 "; try a smaller learning rate than " + formatRate(rate);
                return result;
            }
            trainMetrics.add(out, batchTargets_, loss);
            loss_->gradient(out, batchTargets_, lossGradient_, fused_);
            model_.backward(lossGradient_);
            optimizer_->step(parameters, static_cast<float>(rate));
            ++step;
            if (observer)
                observer->onBatchEnd({epoch, b + 1, batchesPerEpoch, static_cast<int>(n), loss, rate, step});
        }
        EpochReport report{epoch, config_.epochs, trainMetrics.result(), {}, rate, 0.0};
        if (!validationIndices_.empty()) report.validation = evaluate(*validationSet_, &validationIndices_);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!std::isfinite(report.train.loss) || (report.validation.samples && !std::isfinite(report.validation.loss))) {
            result.status = TrainingResult::Status::Diverged;
            result.message = "training diverged: the epoch's loss is not finite";
            return result;
        }
        result.history.push_back(report);
        if (observer) observer->onEpochEnd(report);
    }
    return result;
}

}  // namespace nw
