#include "nn/layers/DenseLayer.h"

#include "common/Error.h"

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

// The product and its threads are nn/kernels/DenseProduct.h's; the layer adds what makes it
// a layer: the activation, and which gradients its model asks for.
const Tensor& DenseLayer::forward(const Tensor& input, bool) {
    input_ = &input;
    const DenseShape shape{input.batch(), inputs_, units_};
    output_.resize({shape.batch, units_});
    auto activate = [&](int first, int last) {
        activation_.apply(output_.data() + static_cast<std::size_t>(first) * units_, last - first, units_);
    };
    denseForward(shape, denseThreads(shape), input.data(), weights_.data(), useBias_ ? bias_.data() : nullptr,
                 output_.data(), partialOutputs_, activate);
    return output_;
}

const Tensor& DenseLayer::backward(const Tensor& gradOutput) {
    const DenseShape shape{gradOutput.batch(), inputs_, units_};
    const int threads = denseThreads(shape);
    if (computeInputGradient_) gradInput_.resize(input_->dims());
    float* biasGrad = useBias_ ? biasGrad_.data() : nullptr;
    float* inputGrad = computeInputGradient_ ? gradInput_.data() : nullptr;
    if (!differentiatesOwn(activation_)) {
        denseBackward(shape, threads, input_->data(), weights_.data(), gradOutput.data(), weightsGrad_.data(), biasGrad,
                      inputGrad);
        return gradInput_;
    }
    gradPreActivation_.resize(gradOutput.dims());
    auto differentiate = [&](int first, int last) {
        const std::size_t offset = static_cast<std::size_t>(first) * units_;
        activation_.backward(output_.data() + offset, gradOutput.data() + offset, gradPreActivation_.data() + offset,
                             last - first, units_);
    };
    denseBackwardThrough(differentiate, shape, threads, input_->data(), weights_.data(), gradPreActivation_.data(),
                         weightsGrad_.data(), biasGrad, inputGrad);
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
