#include "nn/DenseLayer.h"

#include "common/Error.h"
#include "nn/Blas.h"
#include "nn/SampleParallel.h"

namespace nw {

DenseLayer::DenseLayer(int units, Activation activation, bool useBias, Initializer init)
    : units_(units), activation_(activation), useBias_(useBias), init_(init) {
    if (units < 1) throw ModelError("dense: units must be at least 1 (got " + std::to_string(units) + ")");
}

Shape DenseLayer::outputShape(const Shape& input) const {
    if (input.size() != 1)
        throw ModelError("dense expects a flat input of features but gets " + shapeToString(input) +
                         "; add a flatten layer before it");
    return {units_};
}

void DenseLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    inputs_ = input[0];
    weights_.resize({inputs_, units_});
    weightsGrad_.resize({inputs_, units_});
    initializeWeights(weights_, init_, inputs_, units_, rng);
    if (useBias_) {
        bias_.resize({units_});
        biasGrad_.resize({units_});
        bias_.setZero();
    }
}

// Threads split the layer by its inputs: thread t owns rows threadShare(inputs, t, n) of the
// weights, multiplies them in the forward pass, writes their gradient in the backward pass,
// and (the optimizer splitting every parameter the same way) updates them, so each thread's
// weights, gradients and moments stay in its own core's cache from one batch to the next.
// Only the batch-sized activations cross between cores. Splitting the batch instead made
// every thread read all of the weights and sum a weight gradient per thread.
int DenseLayer::computeThreads(int batch) const {
    return sampleThreads(inputs_, static_cast<std::int64_t>(batch) * units_, kMinParallelProductWork);
}

const Tensor& DenseLayer::forward(const Tensor& input, bool) {
    input_ = &input;
    const int batch = input.batch();
    output_.resize({batch, units_});
    const int threads = computeThreads(batch);
    partialOutputs_.resize(static_cast<std::size_t>(threads - 1));
    for (auto& partial : partialOutputs_) partial.resize(batch, units_);
    forEachThread(threads, [&](int t, int n) {
        // Each thread's inputs times its weight rows: a partial sum of the whole output...
        const auto k = threadShare(inputs_, t, n);
        float* partial = t == 0 ? output_.data() : partialOutputs_[static_cast<std::size_t>(t - 1)].data();
        multiply(false, false, batch, units_, k.last - k.first, input.data() + k.first, inputs_,
                 weights_.data() + static_cast<std::size_t>(k.first) * units_, units_, 0.0f, partial, units_);
        threadBarrier();
        // ...then each thread adds up its share of the samples, in thread order, and finishes
        // them with the bias and the activation (softmax included: it needs whole samples).
        const auto rows = threadShare(batch, t, n);
        auto y = output_.matrix().middleRows(rows.first, rows.last - rows.first);
        for (int p = 0; p + 1 < n; ++p)
            y += partialOutputs_[static_cast<std::size_t>(p)].middleRows(rows.first, rows.last - rows.first);
        if (useBias_) y.rowwise() += bias_.matrix(1, units_).row(0);
        activation_.apply(output_.data() + static_cast<std::size_t>(rows.first) * units_, rows.last - rows.first, units_);
    });
    return output_;
}

const Tensor& DenseLayer::backward(const Tensor& gradOutput) {
    const bool throughActivation = differentiatesOwn(activation_);
    if (throughActivation) gradPreActivation_.resize(gradOutput.dims());
    const Tensor& grad = throughActivation ? gradPreActivation_ : gradOutput;
    const int batch = gradOutput.batch();
    if (computeInputGradient_) gradInput_.resize(input_->dims());
    // The same split as forward(): thread t writes the gradient of its own weight rows and the
    // input gradient of its own inputs, so nothing is summed across threads.
    forEachThread(computeThreads(batch), [&](int t, int n) {
        if (throughActivation) {
            const auto rows = threadShare(batch, t, n);
            const std::size_t offset = static_cast<std::size_t>(rows.first) * units_;
            activation_.backward(output_.data() + offset, gradOutput.data() + offset, gradPreActivation_.data() + offset,
                                 rows.last - rows.first, units_);
            threadBarrier();
        }
        const auto k = threadShare(inputs_, t, n);
        const int share = k.last - k.first;
        const std::size_t firstWeight = static_cast<std::size_t>(k.first) * units_;
        multiply(true, false, share, units_, batch, input_->data() + k.first, inputs_, grad.data(), units_, 0.0f,
                 weightsGrad_.data() + firstWeight, units_);
        if (computeInputGradient_)
            multiply(false, true, batch, share, units_, grad.data(), units_, weights_.data() + firstWeight, units_, 0.0f,
                     gradInput_.data() + k.first, inputs_);
        if (useBias_ && t == n - 1) biasGrad_.matrix(1, units_).noalias() = grad.matrix().colwise().sum();
    });
    return gradInput_;
}

std::vector<TensorShape> DenseLayer::tensorShapes(const Shape& input) const {
    std::vector<TensorShape> shapes{{"weights", {input.at(0), units_}}};
    if (useBias_) shapes.push_back({"bias", {units_}});
    return shapes;
}

std::vector<Parameter> DenseLayer::parameters() {
    std::vector<Parameter> params{{"weights", &weights_, &weightsGrad_}};
    if (useBias_) params.push_back({"bias", &bias_, &biasGrad_});
    return params;
}

std::int64_t DenseLayer::flopsPerSample() const {
    return 2LL * inputs_ * units_ + (useBias_ ? units_ : 0) +
           static_cast<std::int64_t>(activation_.flopsPerElement()) * units_;
}

nlohmann::json DenseLayer::config() const {
    nlohmann::json j{{"type", "dense"}, {"units", units_}, {"activation", activation_.name()}};
    if (activation_.kind == ActivationKind::LeakyReLU) j["alpha"] = activation_.alpha;
    if (!useBias_) j["use_bias"] = false;
    if (init_ != Initializer::GlorotUniform) j["initializer"] = initializerName(init_);
    return j;
}

}  // namespace nw
