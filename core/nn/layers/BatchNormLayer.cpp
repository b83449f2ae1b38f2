#include "nn/layers/BatchNormLayer.h"

#include "common/Error.h"

namespace nw {

BatchNormLayer::BatchNormLayer(float momentum, float epsilon) : momentum_(momentum), epsilon_(epsilon) {
    if (!(momentum >= 0.0f && momentum < 1.0f)) throw ModelError("batchnorm: momentum must be in [0, 1)");
    if (!(epsilon > 0.0f)) throw ModelError("batchnorm: epsilon must be positive");
}

Shape BatchNormLayer::outputShape(const Shape& input) const {
    if (input.size() != 1 && input.size() != 3)
        throw ModelError("batchnorm expects features (D) or an image (C, H, W) but gets " + shapeToString(input));
    return input;
}

void BatchNormLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    channels_ = input[0];
    spatial_ = input.size() == 3 ? input[1] * input[2] : 1;
    for (Tensor* t : {&gamma_, &beta_, &gammaGrad_, &betaGrad_, &runningMean_, &runningVariance_}) t->resize({channels_});
    gamma_.array().setOnes();
    beta_.setZero();
    runningMean_.setZero();
    runningVariance_.array().setOnes();
}

const Tensor& BatchNormLayer::forward(const Tensor& input, bool training) {
    batch_ = input.batch();
    batchStatistics_ = training;
    output_.resize(input.dims());
    normalized_.resize(input.dims());
    inverseStd_.resize(channels_);
    const Eigen::Index count = static_cast<Eigen::Index>(batch_) * spatial_;
    // A (channels) x (batch*spatial) view needs a gather for conv inputs; per-channel sums
    // over the contiguous spatial runs avoid it.
    auto segment = [&](const Tensor& t, int n, int c) {
        return ConstArrayMap(t.data() + (static_cast<std::size_t>(n) * channels_ + c) * spatial_, spatial_);
    };
    for (int c = 0; c < channels_; ++c) {
        float mean, variance;
        if (training) {
            double sum = 0.0;
            for (int n = 0; n < batch_; ++n) sum += segment(input, n, c).sum();
            mean = static_cast<float>(sum / count);
            double squares = 0.0;
            for (int n = 0; n < batch_; ++n) squares += (segment(input, n, c) - mean).square().sum();
            variance = static_cast<float>(squares / count);
            runningMean_[c] = momentum_ * runningMean_[c] + (1.0f - momentum_) * mean;
            const float unbiased = count > 1 ? variance * count / (count - 1) : variance;
            runningVariance_[c] = momentum_ * runningVariance_[c] + (1.0f - momentum_) * unbiased;
        } else {
            mean = runningMean_[c];
            variance = runningVariance_[c];
        }
        inverseStd_[c] = 1.0f / std::sqrt(variance + epsilon_);
        for (int n = 0; n < batch_; ++n) {
            const std::size_t offset = (static_cast<std::size_t>(n) * channels_ + c) * spatial_;
            ArrayMap xhat(normalized_.data() + offset, spatial_);
            xhat = (segment(input, n, c) - mean) * inverseStd_[c];
            ArrayMap(output_.data() + offset, spatial_) = xhat * gamma_[c] + beta_[c];
        }
    }
    return output_;
}

const Tensor& BatchNormLayer::backward(const Tensor& gradOutput) {
    const float count = static_cast<float>(batch_) * spatial_;
    if (computeInputGradient_) gradInput_.resize(gradOutput.dims());
    for (int c = 0; c < channels_; ++c) {
        double gradSum = 0.0, gradDotXhat = 0.0;
        for (int n = 0; n < batch_; ++n) {
            const std::size_t offset = (static_cast<std::size_t>(n) * channels_ + c) * spatial_;
            ConstArrayMap g(gradOutput.data() + offset, spatial_);
            gradSum += g.sum();
            gradDotXhat += (g * ConstArrayMap(normalized_.data() + offset, spatial_)).sum();
        }
        betaGrad_[c] = static_cast<float>(gradSum);
        gammaGrad_[c] = static_cast<float>(gradDotXhat);
        if (!computeInputGradient_) continue;
        if (!batchStatistics_) {  // fixed statistics: a per-channel affine map
            const float scale = gamma_[c] * inverseStd_[c];
            for (int n = 0; n < batch_; ++n) {
                const std::size_t offset = (static_cast<std::size_t>(n) * channels_ + c) * spatial_;
                ArrayMap(gradInput_.data() + offset, spatial_) = scale * ConstArrayMap(gradOutput.data() + offset, spatial_);
            }
            continue;
        }
        // dx = gamma * invstd / m * (m g - sum(g) - xhat * sum(g xhat))
        const float scale = gamma_[c] * inverseStd_[c] / count;
        for (int n = 0; n < batch_; ++n) {
            const std::size_t offset = (static_cast<std::size_t>(n) * channels_ + c) * spatial_;
            ArrayMap(gradInput_.data() + offset, spatial_) =
                scale * (count * ConstArrayMap(gradOutput.data() + offset, spatial_) - betaGrad_[c] -
                         ConstArrayMap(normalized_.data() + offset, spatial_) * gammaGrad_[c]);
        }
    }
    return gradInput_;
}

std::vector<TensorShape> BatchNormLayer::tensorShapes(const Shape& input) const {
    const std::vector<int> perChannel{input.at(0)};
    return {{"gamma", perChannel}, {"beta", perChannel}, {"running_mean", perChannel}, {"running_variance", perChannel}};
}

std::vector<Parameter> BatchNormLayer::parameters() {
    return {{"gamma", &gamma_, &gammaGrad_}, {"beta", &beta_, &betaGrad_}};
}

std::vector<StateTensor> BatchNormLayer::stateTensors() {
    return {{"running_mean", &runningMean_}, {"running_variance", &runningVariance_}};
}

std::int64_t BatchNormLayer::flopsPerSample() const { return 4LL * channels_ * spatial_; }

nlohmann::json BatchNormLayer::config() const {
    return {{"type", "batchnorm"}, {"momentum", momentum_}, {"epsilon", epsilon_}};
}

}  // namespace nw
