#include "nn/layers/Pool2DLayer.h"

#include "common/Error.h"
#include "nn/kernels/Pooling.h"

namespace nw {

Pool2DLayer::Pool2DLayer(PoolMode mode, int poolH, int poolW, int strideH, int strideW, Padding padding)
    : mode_(mode), poolH_(poolH), poolW_(poolW), strideH_(strideH), strideW_(strideW), padding_(padding) {
    if (poolH < 1 || poolW < 1) throw ModelError(type() + ": pool size must be at least 1");
    if (strideH < 1 || strideW < 1) throw ModelError(type() + ": strides must be at least 1");
}

Shape Pool2DLayer::outputShape(const Shape& input) const {
    if (input.size() != 3)
        throw ModelError(type() + " expects an image input (channels, height, width) but gets " +
                         shapeToString(input));
    if (padding_ == Padding::Valid && (poolH_ > input[1] || poolW_ > input[2]))
        throw ModelError(type() + " window " + std::to_string(poolH_) + "x" + std::to_string(poolW_) +
                         " is larger than its input " + std::to_string(input[1]) + "x" +
                         std::to_string(input[2]));
    return {input[0], axisGeometry(input[1], poolH_, strideH_, padding_).output,
            axisGeometry(input[2], poolW_, strideW_, padding_).output};
}

void Pool2DLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    windows_ = planeWindows(input[1], input[2], poolH_, poolW_, strideH_, strideW_, padding_);
}

bool Pool2DLayer::isPlainMax2x2() const { return mode_ == PoolMode::Max && isPlain2x2(windows_); }

const Tensor& Pool2DLayer::forward(const Tensor& input, bool) {
    batch_ = input.batch();
    const int planes = batch_ * inputShape_[0];
    const std::size_t outputs = static_cast<std::size_t>(planes) * windows_.outputPlane();
    output_.resizeBatch(batch_, outputShape_);
    if (isPlainMax2x2()) {
        window_.resize(outputs);
        maxPool2x2(windows_, input.data(), output_.data(), window_.data(), planes);
    } else if (mode_ == PoolMode::Max) {
        argmax_.resize(outputs);
        maxPool(windows_, input.data(), output_.data(), argmax_.data(), planes);
    } else {
        averagePool(windows_, input.data(), output_.data(), planes);
    }
    return output_;
}

bool Pool2DLayer::takeInputActivationGradient(const Activation& activation) {
    // Softmax's derivative needs a whole sample, not the winners alone.
    if (mode_ != PoolMode::Max || activation.kind == ActivationKind::Softmax) return false;
    inputActivation_ = activation;
    return true;
}

const Tensor& Pool2DLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    const int planes = batch_ * inputShape_[0];
    const int outPlane = windows_.outputPlane();
    gradInput_.resizeBatch(batch_, inputShape_);
    // The winner of a window is the input whose activation output the window's output is, so
    // the derivative of the activation before (see takeInputActivationGradient) is taken at
    // the pooled outputs, and every other input's gradient stays zero.
    const bool throughActivation = !inputActivation_.isLinear();
    if (throughActivation) gradThroughActivation_.resize(gradOutput.dims());
    const float* grad = throughActivation ? gradThroughActivation_.data() : gradOutput.data();
    auto differentiate = [&](int first, int last) {
        const std::size_t offset = static_cast<std::size_t>(first) * outPlane;
        if (throughActivation)
            inputActivation_.backward(output_.data() + offset, gradOutput.data() + offset, gradThroughActivation_.data() + offset,
                                      1, static_cast<Eigen::Index>(last - first) * outPlane);
    };
    if (isPlainMax2x2()) {
        maxUnpool2x2(windows_, differentiate, grad, window_.data(), gradInput_.data(), planes);
        return gradInput_;
    }
    differentiate(0, planes);
    if (mode_ == PoolMode::Max) maxUnpool(windows_, grad, argmax_.data(), gradInput_.data(), planes);
    else averageUnpool(windows_, grad, gradInput_.data(), planes);
    return gradInput_;
}

std::int64_t Pool2DLayer::flopsPerSample() const {
    return static_cast<std::int64_t>(outputShape_.empty() ? 0 : shapeSize(outputShape_)) * poolH_ * poolW_;
}

nlohmann::json Pool2DLayer::config() const {
    return {{"type", type()},
            {"pool_size", {poolH_, poolW_}},
            {"strides", {strideH_, strideW_}},
            {"padding", paddingName(padding_)}};
}

}  // namespace nw
