#include "nn/DenseLayer.h"

#include "common/Error.h"
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

const Tensor& DenseLayer::forward(const Tensor& input, bool) {
    input_ = &input;
    const int batch = input.batch();
    output_.resize({batch, units_});
    const auto w = weights_.matrix(inputs_, units_);
    // Threads take contiguous row blocks of the batch: one hand-over per product, where
    // Eigen's own split of a product this small synchronises inside it.
    forEachSampleSlice(batch, sampleThreads(batch, multiplyAddsPerSample(), kMinParallelProductWork), [&](int, int first, int last) {
        auto y = output_.matrix().middleRows(first, last - first);
        y.noalias() = input.matrix().middleRows(first, last - first) * w;
        if (useBias_) y.rowwise() += bias_.matrix(1, units_).row(0);
        activation_.apply(output_.data() + static_cast<std::size_t>(first) * units_, last - first, units_);
    });
    return output_;
}

const Tensor& DenseLayer::backward(const Tensor& gradOutput) {
    const Tensor* grad = &gradOutput;
    if (!activation_.isLinear() && !activationFusedIntoLoss_) {
        activation_.backward(output_, gradOutput, gradPreActivation_);
        grad = &gradPreActivation_;
    }
    const int batch = grad->batch();
    const auto w = weights_.matrix(inputs_, units_);
    if (computeInputGradient_) gradInput_.resize(input_->dims());
    // Each thread sums its rows' weight gradient into its own buffer; the buffers are added
    // in thread order, so a thread count always gives the same numbers.
    const int threads = sampleThreads(batch, 2 * multiplyAddsPerSample(), kMinParallelProductWork);
    partialWeightsGrad_.resize(static_cast<std::size_t>(threads - 1));
    forEachSampleSlice(batch, threads, [&](int t, int first, int last) {
        const auto g = grad->matrix().middleRows(first, last - first);
        const auto x = input_->matrix().middleRows(first, last - first);
        if (t == 0) {
            weightsGrad_.matrix(inputs_, units_).noalias() = x.transpose() * g;
        } else {
            partialWeightsGrad_[static_cast<std::size_t>(t - 1)].noalias() = x.transpose() * g;
        }
        if (computeInputGradient_) gradInput_.matrix().middleRows(first, last - first).noalias() = g * w.transpose();
    });
    auto dw = weightsGrad_.matrix(inputs_, units_);
    for (const auto& partial : partialWeightsGrad_) dw += partial;
    if (useBias_) biasGrad_.matrix(1, units_).noalias() = grad->matrix().colwise().sum();
    return gradInput_;
}

std::int64_t DenseLayer::multiplyAddsPerSample() const { return static_cast<std::int64_t>(inputs_) * units_; }

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
