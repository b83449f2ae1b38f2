#include "nn/layers/Conv2DLayer.h"

#include <algorithm>

#include "common/Error.h"
#include "nn/kernels/Im2col.h"
#include "nn/kernels/SampleParallel.h"

namespace nw {

Padding paddingFromName(const std::string& name) {
    if (name.empty() || name == "valid") return Padding::Valid;
    if (name == "same") return Padding::Same;
    throw ModelError("unknown padding '" + name + "' (expected valid or same)");
}

std::string paddingName(Padding padding) { return padding == Padding::Same ? "same" : "valid"; }

Conv2DLayer::Conv2DLayer(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                         Activation activation, bool useBias, Initializer init)
    : filters_(filters), kernelH_(kernelH), kernelW_(kernelW), strideH_(strideH), strideW_(strideW),
      padding_(padding), activation_(activation), useBias_(useBias), init_(init) {
    if (filters < 1) throw ModelError("conv2d: filters must be at least 1 (got " + std::to_string(filters) + ")");
    if (kernelH < 1 || kernelW < 1) throw ModelError("conv2d: kernel size must be at least 1");
    if (strideH < 1 || strideW < 1) throw ModelError("conv2d: strides must be at least 1");
}

Shape Conv2DLayer::outputShape(const Shape& input) const {
    if (input.size() != 3)
        throw ModelError("conv2d expects an image input (channels, height, width) but gets " +
                         shapeToString(input));
    if (padding_ == Padding::Valid && (kernelH_ > input[1] || kernelW_ > input[2]))
        throw ModelError("conv2d kernel " + std::to_string(kernelH_) + "x" + std::to_string(kernelW_) +
                         " is larger than its input " + std::to_string(input[1]) + "x" +
                         std::to_string(input[2]) + " with valid padding");
    const auto r = axisGeometry(input[1], kernelH_, strideH_, padding_);
    const auto c = axisGeometry(input[2], kernelW_, strideW_, padding_);
    return {filters_, r.output, c.output};
}

void Conv2DLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    channels_ = input[0];
    windows_ = planeWindows(input[1], input[2], kernelH_, kernelW_, strideH_, strideW_, padding_);
    weights_.resize({filters_, channels_, kernelH_, kernelW_});
    weightsGrad_.resize(weights_.dims());
    const int receptive = kernelH_ * kernelW_;
    initializeWeights(weights_, init_, channels_ * receptive, filters_ * receptive, rng);
    if (useBias_) {
        bias_.resize({filters_});
        biasGrad_.resize({filters_});
        bias_.setZero();
    }
}

std::int64_t Conv2DLayer::multiplyAddsPerSample() const {
    return static_cast<std::int64_t>(filters_) * channels_ * kernelH_ * kernelW_ * windows_.outputPlane();
}

const Tensor& Conv2DLayer::forward(const Tensor& input, bool) {
    batch_ = input.batch();
    const Eigen::Index kernelSize = static_cast<Eigen::Index>(channels_) * kernelH_ * kernelW_;
    const Eigen::Index outPlane = windows_.outputPlane();
    const std::size_t sampleSize = shapeSize(inputShape_);
    output_.resizeBatch(batch_, outputShape_);
    const auto w = weights_.matrix(filters_, kernelSize);
    const int threads = sampleThreads(batch_, multiplyAddsPerSample());
    columns_.resize(kernelSize, static_cast<Eigen::Index>(batch_) * outPlane);
    // Samples are independent: each thread unfolds its own, one at a time, and multiplies
    // each straight into their (filters, plane) slice of the NCHW output, with the activation
    // applied while the slice is still in cache. The slice starts as the bias and the product
    // is added to it: an assigned product would first clear the slice in a pass of its own.
    forEachSampleSlice(batch_, threads, [&](int, int first, int last) {
        for (int n = first; n < last; ++n) {
            im2col(windows_, channels_, input.data() + sampleSize * n, columns_.data() + n * outPlane, columns_.cols());
            float* slice = output_.data() + static_cast<std::size_t>(n) * filters_ * outPlane;
            MatrixMap y(slice, filters_, outPlane);
            if (useBias_) y.colwise() = bias_.matrix(filters_, 1).col(0);
            else y.setZero();
            y.noalias() += w * columns_.middleCols(n * outPlane, outPlane);
            activation_.apply(slice, 1, filters_ * outPlane);
        }
    });
    return output_;
}

const Tensor& Conv2DLayer::backward(const Tensor& gradOutput) {
    // The activation's gradient is taken per sample inside the loop below, so each slice is
    // still in cache when its products read it.
    const bool throughActivation = differentiatesOwn(activation_);
    if (throughActivation) gradPreActivation_.resize(gradOutput.dims());
    const Tensor* grad = throughActivation ? &gradPreActivation_ : &gradOutput;
    const Eigen::Index kernelSize = static_cast<Eigen::Index>(channels_) * kernelH_ * kernelW_;
    const Eigen::Index outPlane = windows_.outputPlane();
    const std::size_t sampleSize = shapeSize(inputShape_);
    const auto w = weights_.matrix(filters_, kernelSize);
    if (computeInputGradient_) gradInput_.resizeBatch(batch_, inputShape_);
    // Each thread sums its samples' parameter gradients into its own buffer; the buffers are
    // added in thread order, so a thread count always gives the same numbers.
    const int threads = sampleThreads(batch_, 2 * multiplyAddsPerSample());
    partialWeightsGrad_.resize(static_cast<std::size_t>(threads));
    partialBiasGrad_.resize(static_cast<std::size_t>(threads));
    columnGrad_.resize(static_cast<std::size_t>(threads));
    forEachSampleSlice(batch_, threads, [&](int t, int first, int last) {
        RowMatrix& dw = partialWeightsGrad_[static_cast<std::size_t>(t)];
        Eigen::VectorXf& db = partialBiasGrad_[static_cast<std::size_t>(t)];
        RowMatrix& columnGrad = columnGrad_[static_cast<std::size_t>(t)];
        dw.setZero(filters_, kernelSize);
        db.setZero(filters_);
        for (int n = first; n < last; ++n) {
            const std::size_t offset = static_cast<std::size_t>(n) * filters_ * outPlane;
            if (throughActivation)
                activation_.backward(output_.data() + offset, gradOutput.data() + offset, gradPreActivation_.data() + offset,
                                     1, filters_ * outPlane);
            const ConstMatrixMap g(grad->data() + offset, filters_, outPlane);
            dw.noalias() += g * columns_.middleCols(n * outPlane, outPlane).transpose();
            if (useBias_) db += g.rowwise().sum();
            if (computeInputGradient_) {
                columnGrad.resize(kernelSize, outPlane);
                columnGrad.noalias() = w.transpose() * g;
                col2im(windows_, channels_, columnGrad.data(), outPlane, gradInput_.data() + sampleSize * n);
            }
        }
    });
    auto dw = weightsGrad_.matrix(filters_, kernelSize);
    dw = partialWeightsGrad_[0];
    for (int t = 1; t < threads; ++t) dw += partialWeightsGrad_[static_cast<std::size_t>(t)];
    if (useBias_) {
        auto db = biasGrad_.matrix(filters_, 1).col(0);
        db = partialBiasGrad_[0];
        for (int t = 1; t < threads; ++t) db += partialBiasGrad_[static_cast<std::size_t>(t)];
    }
    return gradInput_;
}

std::vector<TensorShape> Conv2DLayer::tensorShapes(const Shape& input) const {
    std::vector<TensorShape> shapes{{"weights", {filters_, input.at(0), kernelH_, kernelW_}}};
    if (useBias_) shapes.push_back({"bias", {filters_}});
    return shapes;
}

std::vector<Parameter> Conv2DLayer::parameters() {
    std::vector<Parameter> params{{"weights", &weights_, &weightsGrad_}};
    if (useBias_) params.push_back({"bias", &bias_, &biasGrad_});
    return params;
}

std::int64_t Conv2DLayer::flopsPerSample() const {
    const std::int64_t outputs = static_cast<std::int64_t>(filters_) * windows_.outputPlane();
    return outputs * (2LL * channels_ * kernelH_ * kernelW_ + (useBias_ ? 1 : 0) + activation_.flopsPerElement());
}

nlohmann::json Conv2DLayer::config() const {
    nlohmann::json j{{"type", "conv2d"},
                     {"filters", filters_},
                     {"kernel_size", {kernelH_, kernelW_}},
                     {"strides", {strideH_, strideW_}},
                     {"padding", paddingName(padding_)},
                     {"activation", activation_.name()}};
    if (activation_.kind == ActivationKind::LeakyReLU) j["alpha"] = activation_.alpha;
    if (!useBias_) j["use_bias"] = false;
    if (init_ != Initializer::GlorotUniform) j["initializer"] = initializerName(init_);
    return j;
}

}  // namespace nw
