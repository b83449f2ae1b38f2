#pragma once
#include "nn/Layer.h"

namespace nw {

// A stand-alone non-linearity block: relu, leaky_relu, sigmoid, tanh or softmax.
class ActivationLayer : public Layer {
public:
    explicit ActivationLayer(Activation activation) : activation_(activation) {}

    std::string type() const override { return activation_.name(); }
    Shape outputShape(const Shape& input) const override { return input; }
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    std::int64_t flopsPerSample() const override;
    nlohmann::json config() const override;
    Activation outputActivation() const override { return activation_; }

private:
    Activation activation_;
    Tensor output_, gradInput_;
};

}  // namespace nw
