#pragma once
#include "nn/Layer.h"
#include "nn/kernels/DenseProduct.h"

namespace nw {

// y = activation(x W + b) over the whole batch as one matrix product, shared by the compute
// threads as nn/kernels/DenseProduct.h describes.
class DenseLayer : public Layer {
public:
    DenseLayer(int units, Activation activation = {}, bool useBias = true,
               Initializer init = Initializer::GlorotUniform);

    std::string type() const override { return "dense"; }
    Shape outputShape(const Shape& input) const override;
    void build(const Shape& input, Random& rng) override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    std::vector<TensorShape> tensorShapes(const Shape& input) const override;
    std::vector<Parameter> parameters() override;
    std::int64_t flopsPerSample() const override;
    nlohmann::json config() const override;
    Activation outputActivation() const override { return activation_; }

    int units() const { return units_; }
    Tensor& weights() { return weights_; }  // (inputs, units)
    Tensor& bias() { return bias_; }        // (units)

private:
    int units_;
    Activation activation_;
    bool useBias_;
    Initializer init_;
    int inputs_ = 0;
    Tensor weights_, bias_, weightsGrad_, biasGrad_;
    Tensor output_, gradPreActivation_, gradInput_;
    const Tensor* input_ = nullptr;
    DensePartialSums partialOutputs_;
};

}  // namespace nw
