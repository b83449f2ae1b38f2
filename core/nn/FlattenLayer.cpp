#include "nn/FlattenLayer.h"

namespace nw {

Shape FlattenLayer::outputShape(const Shape& input) const { return {static_cast<int>(shapeSize(input))}; }

const Tensor& FlattenLayer::forward(const Tensor& input, bool) {
    output_.resizeBatch(input.batch(), outputShape_);
    output_.array() = input.array();
    return output_;
}

const Tensor& FlattenLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    gradInput_.resizeBatch(gradOutput.batch(), inputShape_);
    gradInput_.array() = gradOutput.array();
    return gradInput_;
}

}  // namespace nw
