#pragma once
#include <memory>
#include <string>

#include "nn/Activation.h"
#include "nn/Tensor.h"

namespace nw {

// A loss averaged over the batch. Targets are class indices (N) for classification, a
// one-hot or probability matrix (N, K), or values shaped like the predictions for regression.
class Loss {
public:
    virtual ~Loss() = default;
    virtual std::string name() const = 0;
    virtual double value(const Tensor& predictions, const Tensor& targets) const = 0;
    // dLoss/dPredictions.
    virtual void gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const = 0;
    // dLoss/d(input of the output activation), for an activation the loss fuses with (see
    // fusesWith) — simpler and numerically better (softmax + cross-entropy gives p - y). A
    // loss that fuses with none gives gradient().
    virtual void gradientThroughActivation(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const {
        this->gradient(predictions, targets, gradient);
    }
    // Whether gradientThroughActivation() can differentiate through this output activation.
    virtual bool fusesWith(const Activation&) const { return false; }
    // Whether targets are class indices (classification) or values (regression).
    virtual bool wantsClassTargets() const = 0;
};

class MeanSquaredErrorLoss : public Loss {
public:
    std::string name() const override { return "mse"; }
    double value(const Tensor& predictions, const Tensor& targets) const override;
    void gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const override;
    bool wantsClassTargets() const override { return false; }
};

// Categorical cross-entropy on probabilities, with integer labels (sparse) or one-hot rows.
class CrossEntropyLoss : public Loss {
public:
    std::string name() const override { return "cross_entropy"; }
    double value(const Tensor& predictions, const Tensor& targets) const override;
    void gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const override;
    void gradientThroughActivation(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const override;
    bool fusesWith(const Activation& a) const override { return a.kind == ActivationKind::Softmax; }
    bool wantsClassTargets() const override { return true; }
};

// Binary cross-entropy on one probability per sample (targets 0 or 1).
class BinaryCrossEntropyLoss : public Loss {
public:
    std::string name() const override { return "binary_cross_entropy"; }
    double value(const Tensor& predictions, const Tensor& targets) const override;
    void gradient(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const override;
    void gradientThroughActivation(const Tensor& predictions, const Tensor& targets, Tensor& gradient) const override;
    bool fusesWith(const Activation& a) const override { return a.kind == ActivationKind::Sigmoid; }
    bool wantsClassTargets() const override { return true; }
};

// "mse", "cross_entropy" (also "sparse_categorical_crossentropy", "categorical_crossentropy"),
// "binary_cross_entropy" (also "binary_crossentropy").
std::unique_ptr<Loss> makeLoss(const std::string& name);

}  // namespace nw
