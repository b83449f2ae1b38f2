#pragma once
#include "nn/Layer.h"

namespace nw {

// Inverted dropout: in training each value is kept with probability 1-rate and scaled by
// 1/(1-rate), so inference is the identity.
class DropoutLayer : public Layer {
public:
    explicit DropoutLayer(float rate);

    std::string type() const override { return "dropout"; }
    Shape outputShape(const Shape& input) const override { return input; }
    void build(const Shape& input, Random& rng) override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    nlohmann::json config() const override { return {{"type", "dropout"}, {"rate", rate_}}; }

private:
    float rate_;
    Random random_;
    Tensor output_, mask_, gradInput_;
    bool masked_ = false;
};

}  // namespace nw
