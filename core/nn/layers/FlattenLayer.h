#pragma once
#include "nn/Layer.h"

namespace nw {

// (N, C, H, W) -> (N, C*H*W). The numbers are already in that order, so the layer hands on
// the tensor it is given (whose dims stay (N, C, H, W)) and the gradient it gets back.
class FlattenLayer : public Layer {
public:
    std::string type() const override { return "flatten"; }
    Shape outputShape(const Shape& input) const override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    nlohmann::json config() const override { return {{"type", "flatten"}}; }

private:
    Tensor gradInput_;  // stays empty: returned when no one needs the input gradient
};

}  // namespace nw
