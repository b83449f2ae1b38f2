#include "nn/layers/ActivationLayer.h"

namespace nw {

const Tensor& ActivationLayer::forward(const Tensor& input, bool) {
    output_.resize(input.dims());
    output_.array() = input.array();
    activation_.apply(output_);
    return output_;
}

const Tensor& ActivationLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    // Differentiated by the loss or by the next layer: the gradient passes through unchanged.
    if (!differentiatesOwn(activation_)) return gradOutput;
    activation_.backward(output_, gradOutput, gradInput_);
    return gradInput_;
}

std::int64_t ActivationLayer::flopsPerSample() const {
    return static_cast<std::int64_t>(shapeSize(outputShape_)) * activation_.flopsPerElement();
}

nlohmann::json ActivationLayer::config() const {
    nlohmann::json j{{"type", activation_.name()}};
    if (activation_.kind == ActivationKind::LeakyReLU) j["alpha"] = activation_.alpha;
    return j;
}

}  // namespace nw
