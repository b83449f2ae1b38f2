#pragma once
#include "nn/Layer.h"
#include "nn/kernels/WindowGeometry.h"

namespace nw {

Padding paddingFromName(const std::string& name);
std::string paddingName(Padding padding);

// 2-D convolution over NCHW input. Each compute thread takes a share of the batch and, one
// sample at a time, unfolds it (im2col, nn/kernels/Im2col.h) and multiplies the filter matrix by it straight into
// the output; backward multiplies the kept columns by the output gradient for the weight
// gradient and, when asked for the input gradient, folds (col2im) one sample's column
// gradient at a time from a buffer of the thread's own.
class Conv2DLayer : public Layer {
public:
    Conv2DLayer(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                Activation activation = {}, bool useBias = true,
                Initializer init = Initializer::GlorotUniform);

    std::string type() const override { return "conv2d"; }
    Shape outputShape(const Shape& input) const override;
    void build(const Shape& input, Random& rng) override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    std::vector<TensorShape> tensorShapes(const Shape& input) const override;
    std::vector<Parameter> parameters() override;
    std::int64_t flopsPerSample() const override;
    nlohmann::json config() const override;
    Activation outputActivation() const override { return activation_; }

    Tensor& weights() { return weights_; }  // (filters, channels, kernelH, kernelW)
    Tensor& bias() { return bias_; }

private:
    std::int64_t multiplyAddsPerSample() const;

    int filters_, kernelH_, kernelW_, strideH_, strideW_;
    Padding padding_;
    Activation activation_;
    bool useBias_;
    Initializer init_;
    int channels_ = 0;
    PlaneWindows windows_{};
    Tensor weights_, bias_, weightsGrad_, biasGrad_;
    Tensor output_, gradPreActivation_, gradInput_;
    RowMatrix columns_;                   // (channels*kH*kW) x (batch*outH*outW)
    std::vector<RowMatrix> columnGrad_;   // per compute thread: one sample's column gradient
    std::vector<RowMatrix> partialWeightsGrad_;      // per compute thread
    std::vector<Eigen::VectorXf> partialBiasGrad_;   // per compute thread
    int batch_ = 0;
};

}  // namespace nw
