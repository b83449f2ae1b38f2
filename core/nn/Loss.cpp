#include "nn/Loss.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"

namespace nw {
namespace {

// Probabilities are clipped away from 0 and 1 before the log, as Keras does, so a confident
// wrong answer costs a large finite loss rather than infinity.
constexpr float kProbabilityFloor = 1e-7f;

bool sparseTargets(const Tensor& predictions, const Tensor& targets) {
    return targets.rank() == 1 || (targets.rank() == 2 && targets.dim(1) == 1 && predictions.dim(1) != 1);
}

int classOf(const Tensor& targets, int row, int classes) {
    const int label = static_cast<int>(targets[row]);
    if (label < 0 || label >= classes)
        throw Error("class label " + std::to_string(label) + " is outside the model's " + std::to_string(classes) +
                    " output classes");
    return label;
}

}  // namespace

double MeanSquaredErrorLoss::value(const Tensor& predictions, const Tensor& targets) const {
    return static_cast<double>((predictions.array() - targets.array()).square().sum()) / predictions.size();
}

void MeanSquaredErrorLoss::gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const {
    gradient.resize(predictions.dims());
    gradient.array() = (predictions.array() - targets.array()) * (2.0f / static_cast<float>(predictions.size()));
}

double CrossEntropyLoss::value(const Tensor& predictions, const Tensor& targets) const {
    const int rows = predictions.batch();
    const int classes = static_cast<int>(predictions.sampleSize());
    double total = 0.0;
    if (sparseTargets(predictions, targets)) {
        for (int r = 0; r < rows; ++r)
            total -= std::log(std::max(predictions.data()[r * classes + classOf(targets, r, classes)], kProbabilityFloor));
    } else {
        const auto p = predictions.array().max(kProbabilityFloor).log();
        total = -static_cast<double>((targets.array() * p).sum());
    }
    return total / rows;
}

// Through softmax: (p - y) / N.
void CrossEntropyLoss::gradientThroughActivation(const Tensor& predictions, const Tensor& targets,
                                                 Tensor& gradient) const {
    const int rows = predictions.batch();
    const int classes = static_cast<int>(predictions.sampleSize());
    const float scale = 1.0f / static_cast<float>(rows);
    gradient.resize(predictions.dims());
    gradient.array() = predictions.array() * scale;
    if (sparseTargets(predictions, targets)) {
        for (int r = 0; r < rows; ++r) gradient.data()[r * classes + classOf(targets, r, classes)] -= scale;
    } else {
        gradient.array() -= targets.array() * scale;
    }
}

void CrossEntropyLoss::gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const {
    const int rows = predictions.batch();
    const int classes = static_cast<int>(predictions.sampleSize());
    const float scale = 1.0f / static_cast<float>(rows);
    gradient.resize(predictions.dims());
    gradient.setZero();
    if (sparseTargets(predictions, targets)) {
        for (int r = 0; r < rows; ++r) {
            const int c = classOf(targets, r, classes);
            gradient.data()[r * classes + c] = -scale / std::max(predictions.data()[r * classes + c], kProbabilityFloor);
        }
    } else {
        gradient.array() = -scale * targets.array() / predictions.array().max(kProbabilityFloor);
    }
}

double BinaryCrossEntropyLoss::value(const Tensor& predictions, const Tensor& targets) const {
    const auto p = predictions.array().max(kProbabilityFloor).min(1.0f - kProbabilityFloor);
    const auto y = targets.array();
    return -static_cast<double>((y * p.log() + (1.0f - y) * (1.0f - p).log()).sum()) / predictions.size();
}

// Through sigmoid: (p - y) / N.
void BinaryCrossEntropyLoss::gradientThroughActivation(const Tensor& predictions, const Tensor& targets,
                                                       Tensor& gradient) const {
    gradient.resize(predictions.dims());
    const float scale = 1.0f / static_cast<float>(predictions.size());
    gradient.array() = (predictions.array() - targets.array()) * scale;
}

void BinaryCrossEntropyLoss::gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const {
    gradient.resize(predictions.dims());
    const float scale = 1.0f / static_cast<float>(predictions.size());
    const auto y = targets.array();
    const auto p = predictions.array().max(kProbabilityFloor).min(1.0f - kProbabilityFloor);
    gradient.array() = scale * (p - y) / (p * (1.0f - p));
}

std::unique_ptr<Loss> makeLoss(const std::string& name) {
    if (name == "mse" || name == "mean_squared_error") return std::make_unique<MeanSquaredErrorLoss>();
    if (name == "cross_entropy" || name == "sparse_categorical_crossentropy" || name == "categorical_crossentropy")
        return std::make_unique<CrossEntropyLoss>();
    if (name == "binary_cross_entropy" || name == "binary_crossentropy")
        return std::make_unique<BinaryCrossEntropyLoss>();
    throw Error("unknown loss '" + name + "' (expected mse, cross_entropy or binary_cross_entropy)");
}

}  // namespace nw
