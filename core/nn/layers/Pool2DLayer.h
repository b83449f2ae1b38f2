#pragma once
#include <cstdint>
#include <vector>

#include "nn/layers/Conv2DLayer.h"

namespace nw {

enum class PoolMode { Max, Average };

// Max or average pooling over NCHW planes, the compute in nn/kernels/Pooling.h. Average
// pooling with "same" padding divides by the number of real (unpadded) inputs in each
// window, as Keras does.
class Pool2DLayer : public Layer {
public:
    Pool2DLayer(PoolMode mode, int poolH, int poolW, int strideH, int strideW, Padding padding);

    std::string type() const override { return mode_ == PoolMode::Max ? "maxpool2d" : "avgpool2d"; }
    Shape outputShape(const Shape& input) const override;
    void build(const Shape& input, Random& rng) override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    bool takeInputActivationGradient(const Activation& activation) override;
    std::int64_t flopsPerSample() const override;
    nlohmann::json config() const override;

private:
    bool isPlainMax2x2() const;

    PoolMode mode_;
    int poolH_, poolW_, strideH_, strideW_;
    Padding padding_;
    PlaneWindows windows_{};
    Tensor output_, gradInput_;
    // The activation of the layer before, differentiated here (max pooling only; linear if
    // none), and the gradient through it at the pooled outputs.
    Activation inputActivation_;
    Tensor gradThroughActivation_;
    std::vector<int> argmax_;            // per output element, index within its input plane
    std::vector<std::uint8_t> window_;   // 2x2 pooling: per output element, the winner 0..3
    int batch_ = 0;
};

}  // namespace nw
