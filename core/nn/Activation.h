#pragma once
#include <string>

#include "nn/Tensor.h"

namespace nw {

// Element-wise (and row-wise, for softmax) non-linearities. Shared by the activation layers
// and by Dense/Conv2D, which apply one in place on their own output so that no extra buffer
// and no extra pass over memory is needed. Every derivative is written in terms of the
// activation's output, so the pre-activation values need not be kept.
enum class ActivationKind { Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax };

struct Activation {
    ActivationKind kind = ActivationKind::Linear;
    float alpha = 0.01f;  // LeakyReLU's negative slope

    // In place on a (batch, features...) tensor; softmax normalises each sample's features.
    void apply(Tensor& values) const;
    // The same on `rows` samples of `columns` values each, laid out one after another.
    void apply(float* values, Eigen::Index rows, Eigen::Index columns) const;
    // Given the activation's output and dLoss/dOutput, writes dLoss/dInput (may alias grad).
    void backward(const Tensor& output, const Tensor& gradOutput, Tensor& gradInput) const;
    // The same on `rows` samples of `columns` values each (gradInput may alias gradOutput).
    void backward(const float* output, const float* gradOutput, float* gradInput, Eigen::Index rows,
                  Eigen::Index columns) const;

    std::string name() const;
    bool isLinear() const { return kind == ActivationKind::Linear; }
    // FLOPs per element, for the model summary.
    int flopsPerElement() const;
};

// "relu", "leaky_relu", "sigmoid", "tanh", "softmax", "linear"/"none"/"".
Activation activationFromName(const std::string& name, float alpha = 0.01f);

}  // namespace nw
