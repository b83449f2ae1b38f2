#include "nn/layers/FlattenLayer.h"

namespace nw {

Shape FlattenLayer::outputShape(const Shape& input) const { return {static_cast<int>(shapeSize(input))}; }

// Every layer reads its input as (batch, features) rows, so the input tensor itself serves as
// the flat output: no copy, and no pass over memory that another core wrote.
const Tensor& FlattenLayer::forward(const Tensor& input, bool) { return input; }

const Tensor& FlattenLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    return gradOutput;
}

}  // namespace nw
