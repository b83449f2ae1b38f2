#include "inspect/Saliency.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"

namespace nw {
namespace {

// Switches the model into "gradient reaches the input, loss gradient is taken at the
// output pre-activation" for one call and puts both flags back however the call ends.
class SaliencyModeGuard {
public:
    explicit SaliencyModeGuard(Model& model)
        : model_(model), fused_(model.outputActivationFusedIntoLoss()),
          inputGradient_(model.inputGradientNeeded()) {
        model_.setOutputActivationFusedIntoLoss(true);
        model_.setInputGradientNeeded(true);
    }
    ~SaliencyModeGuard() {
        model_.setOutputActivationFusedIntoLoss(fused_);
        model_.setInputGradientNeeded(inputGradient_);
    }
    SaliencyModeGuard(const SaliencyModeGuard&) = delete;
    SaliencyModeGuard& operator=(const SaliencyModeGuard&) = delete;

private:
    Model& model_;
    bool fused_;
    bool inputGradient_;
};

}  // namespace

Tensor inputGradient(Model& model, const Tensor& sample, int classIndex) {
    if (sample.batch() != 1 || sample.sampleShape() != model.inputShape())
        throw Error("saliency needs one sample of shape " + shapeToString(model.inputShape()) + " but got a tensor of " +
                    shapeToString(sample.dims()));
    const Shape output = model.outputShape();
    const int width = static_cast<int>(shapeSize(output));
    // One output unit is a two-class model: its logit scores class 1 and its negation class 0.
    const int classes = width == 1 ? 2 : width;
    if (classIndex < 0 || classIndex >= classes)
        throw Error("class " + std::to_string(classIndex) + " is not one of the model's " + std::to_string(classes) +
                    " classes");

    SaliencyModeGuard guard(model);
    // Inference mode: dropout passes everything and batch normalization uses its running
    // statistics; both layers differentiate that fixed map in backward().
    model.forward(sample, false);
    Tensor seed;
    seed.resizeBatch(1, output);
    seed.setZero();
    if (width == 1) seed[0] = classIndex == 1 ? 1.0f : -1.0f;
    else seed[static_cast<std::size_t>(classIndex)] = 1.0f;
    // Layer by layer rather than Model::backward, to keep what the first layer returns.
    const Tensor* g = &seed;
    for (std::size_t i = model.layerCount(); i-- > 0;) g = &model.layer(i).backward(*g);
    if (g->size() != sample.size())
        throw Error("the first layer (" + model.layer(0).type() + ") gave no input gradient");
    Tensor gradient(sample.dims());
    gradient.array() = g->array();
    return gradient;
}

std::vector<float> saliencyMap(Model& model, const Tensor& sample, int classIndex) {
    if (sample.rank() != 4)
        throw Error("a saliency map needs an image sample (channels, height, width) but got " +
                    shapeToString(sample.sampleShape()));
    const Tensor gradient = inputGradient(model, sample, classIndex);
    const int channels = sample.dim(1);
    const std::size_t plane = static_cast<std::size_t>(sample.dim(2)) * static_cast<std::size_t>(sample.dim(3));
    std::vector<float> map(plane, 0.0f);
    for (int c = 0; c < channels; ++c)
        for (std::size_t i = 0; i < plane; ++i) map[i] = std::max(map[i], std::abs(gradient[c * plane + i]));
    const float top = *std::max_element(map.begin(), map.end());
    if (top > 0.0f && std::isfinite(top))
        for (float& v : map) v /= top;
    return map;
}

}  // namespace nw
