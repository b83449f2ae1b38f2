#include "nn/Conv2DLayer.h"

#include <algorithm>

#include "common/Error.h"
#include "nn/SampleParallel.h"

namespace nw {

Padding paddingFromName(const std::string& name) {
    if (name.empty() || name == "valid") return Padding::Valid;
    if (name == "same") return Padding::Same;
    throw ModelError("unknown padding '" + name + "' (expected valid or same)");
}

std::string paddingName(Padding padding) { return padding == Padding::Same ? "same" : "valid"; }

AxisGeometry axisGeometry(int input, int kernel, int stride, Padding padding) {
    if (padding == Padding::Valid) return {input >= kernel ? (input - kernel) / stride + 1 : 0, 0};
    const int output = (input + stride - 1) / stride;
    const int total = std::max((output - 1) * stride + kernel - input, 0);
    return {output, total / 2};
}

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
    height_ = input[1];
    width_ = input[2];
    rows_ = axisGeometry(height_, kernelH_, strideH_, padding_);
    cols_ = axisGeometry(width_, kernelW_, strideW_, padding_);
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

namespace {

// The output columns [first, last) whose input column ox * stride - padBefore + k lies inside
// the input, for one kernel column k; the rest read padding.
struct ColumnRange {
    int first, last;
};
ColumnRange insideColumns(int outputs, int stride, int padBefore, int k, int inputWidth) {
    // ix = ox * stride - padBefore + k must satisfy 0 <= ix < inputWidth.
    const int lowest = padBefore - k;
    const int first = lowest <= 0 ? 0 : (lowest + stride - 1) / stride;
    const int limit = inputWidth + padBefore - k;  // ox * stride < limit
    const int last = limit <= 0 ? 0 : std::min(outputs, (limit + stride - 1) / stride);
    return {std::min(first, last), last};
}

}  // namespace

void Conv2DLayer::unfold(const float* input, int n, float* columns, Eigen::Index rowStride) const {
    for (int c = 0; c < channels_; ++c) {
        const float* plane = input + (static_cast<std::size_t>(n) * channels_ + c) * height_ * width_;
        for (int ky = 0; ky < kernelH_; ++ky)
            for (int kx = 0; kx < kernelW_; ++kx) {
                float* dst = columns + ((c * kernelH_ + ky) * kernelW_ + kx) * rowStride;
                const ColumnRange inside = insideColumns(cols_.output, strideW_, cols_.padBefore, kx, width_);
                for (int oy = 0; oy < rows_.output; ++oy) {
                    const int iy = oy * strideH_ - rows_.padBefore + ky;
                    float* out = dst + oy * cols_.output;
                    if (iy < 0 || iy >= height_) {
                        std::fill(out, out + cols_.output, 0.0f);
                        continue;
                    }
                    // No bounds test per value: padding on either side, then a plain copy
                    // (stride 1) or a strided one.
                    const float* src = plane + iy * width_;
                    const int shift = kx - cols_.padBefore;  // input column of output column 0
                    std::fill(out, out + inside.first, 0.0f);
                    if (strideW_ == 1 && inside.first < inside.last)
                        std::copy(src + inside.first + shift, src + inside.last + shift, out + inside.first);
                    else
                        for (int ox = inside.first; ox < inside.last; ++ox) out[ox] = src[ox * strideW_ + shift];
                    std::fill(out + inside.last, out + cols_.output, 0.0f);
                }
            }
    }
}

void Conv2DLayer::fold(const RowMatrix& columnGrad, int n) {
    for (int c = 0; c < channels_; ++c) {
        float* plane = gradInput_.data() + (static_cast<std::size_t>(n) * channels_ + c) * height_ * width_;
        std::fill(plane, plane + height_ * width_, 0.0f);
        for (int ky = 0; ky < kernelH_; ++ky)
            for (int kx = 0; kx < kernelW_; ++kx) {
                const float* src = columnGrad.row((c * kernelH_ + ky) * kernelW_ + kx).data();
                const ColumnRange inside = insideColumns(cols_.output, strideW_, cols_.padBefore, kx, width_);
                for (int oy = 0; oy < rows_.output; ++oy) {
                    const int iy = oy * strideH_ - rows_.padBefore + ky;
                    if (iy < 0 || iy >= height_) continue;
                    float* dst = plane + iy * width_;
                    const int shift = kx - cols_.padBefore;
                    const float* in = src + oy * cols_.output;
                    for (int ox = inside.first; ox < inside.last; ++ox) dst[ox * strideW_ + shift] += in[ox];
                }
            }
    }
}

std::int64_t Conv2DLayer::multiplyAddsPerSample() const {
    return static_cast<std::int64_t>(filters_) * channels_ * kernelH_ * kernelW_ * rows_.output * cols_.output;
}

const Tensor& Conv2DLayer::forward(const Tensor& input, bool) {
    batch_ = input.batch();
    const Eigen::Index kernelSize = static_cast<Eigen::Index>(channels_) * kernelH_ * kernelW_;
    const Eigen::Index outPlane = static_cast<Eigen::Index>(rows_.output) * cols_.output;
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
            unfold(input.data(), n, columns_.data() + n * outPlane, columns_.cols());
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
    const Eigen::Index outPlane = static_cast<Eigen::Index>(rows_.output) * cols_.output;
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
                fold(columnGrad, n);
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
    const std::int64_t outputs = static_cast<std::int64_t>(filters_) * rows_.output * cols_.output;
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
