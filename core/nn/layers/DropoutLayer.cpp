#include "nn/layers/DropoutLayer.h"

#include "common/Error.h"

namespace nw {

DropoutLayer::DropoutLayer(float rate) : rate_(rate) {
    if (!(rate >= 0.0f && rate < 1.0f))
        throw ModelError("dropout: rate must be in [0, 1) (got " + std::to_string(rate) + ")");
}

void DropoutLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    random_ = Random(rng.next());
}

const Tensor& DropoutLayer::forward(const Tensor& input, bool training) {
    output_.resize(input.dims());
    masked_ = training && rate_ > 0.0f;
    if (!masked_) {
        output_.array() = input.array();
        return output_;
    }
    mask_.resize(input.dims());
    const float keep = 1.0f - rate_;
    for (std::size_t i = 0; i < mask_.size(); ++i) mask_[i] = random_.uniform() < keep ? 1.0f / keep : 0.0f;
    output_.array() = input.array() * mask_.array();
    return output_;
}

const Tensor& DropoutLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    gradInput_.resize(gradOutput.dims());
    if (masked_) gradInput_.array() = gradOutput.array() * mask_.array();
    else gradInput_.array() = gradOutput.array();
    return gradInput_;
}

}  // namespace nw
