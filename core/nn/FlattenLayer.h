#pragma once
#include "nn/Layer.h"

namespace nw {

// (N, C, H, W) -> (N, C*H*W); the numbers are already in that order, so this is a copy.
class FlattenLayer : public Layer {
public:
    std::string type() const override { return "flatten"; }
    Shape outputShape(const Shape& input) const override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    nlohmann::json config() const override { return {{"type", "flatten"}}; }

private:
    Tensor output_, gradInput_;
};

}  // namespace nw
