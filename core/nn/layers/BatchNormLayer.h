#pragma once
#include "nn/Layer.h"

namespace nw {

// Batch normalisation over features (N, D) or over channels (N, C, H, W). Training uses the
// batch statistics and updates running averages; inference uses the running averages.
class BatchNormLayer : public Layer {
public:
    explicit BatchNormLayer(float momentum = 0.99f, float epsilon = 1e-3f);

    std::string type() const override { return "batchnorm"; }
    Shape outputShape(const Shape& input) const override;
    void build(const Shape& input, Random& rng) override;
    const Tensor& forward(const Tensor& input, bool training) override;
    const Tensor& backward(const Tensor& gradOutput) override;
    std::vector<TensorShape> tensorShapes(const Shape& input) const override;
    std::vector<Parameter> parameters() override;
    std::vector<StateTensor> stateTensors() override;
    std::int64_t flopsPerSample() const override;
    nlohmann::json config() const override;

private:
    // Values are laid out as (batch, channels, spatial); spatial is 1 for flat inputs.
    int channels_ = 0, spatial_ = 0;
    float momentum_, epsilon_;
    Tensor gamma_, beta_, gammaGrad_, betaGrad_, runningMean_, runningVariance_;
    Tensor output_, normalized_, gradInput_;
    Eigen::ArrayXf inverseStd_;
    int batch_ = 0;
    bool batchStatistics_ = false;  // whether the last forward used the batch's own statistics
};

}  // namespace nw
