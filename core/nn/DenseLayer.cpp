#include "nn/DenseLayer.h"

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

const Tensor& DenseLayer::forward(const Tensor& input, bool) {
    input_ = &input;
    output_.resize({input.batch(), units_});
    auto y = output_.matrix();
    y.noalias() = input.matrix() * weights_.matrix(inputs_, units_);
    if (useBias_) y.rowwise() += bias_.matrix(1, units_).row(0);
    activation_.apply(output_);
    return output_;
}

const Tensor& DenseLayer::backward(const Tensor& gradOutput) {
    const Tensor* grad = &gradOutput;
    if (!activation_.isLinear() && !activationFusedIntoLoss_) {
        activation_.backward(output_, gradOutput, gradPreActivation_);
        grad = &gradPreActivation_;
    }
    const auto g = grad->matrix();
    weightsGrad_.matrix(inputs_, units_).noalias() = input_->matrix().transpose() * g;
    if (useBias_) biasGrad_.matrix(1, units_).noalias() = g.colwise().sum();
    if (computeInputGradient_) {
        gradInput_.resize(input_->dims());
        gradInput_.matrix().noalias() = g * weights_.matrix(inputs_, units_).transpose();
    }
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
