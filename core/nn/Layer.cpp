#include "nn/Layer.h"

#include <cmath>

#include "common/Error.h"

namespace nw {

void Layer::build(const Shape& input, Random&) {
    inputShape_ = input;
    outputShape_ = outputShape(input);
}

std::int64_t Layer::parameterCount() {
    std::int64_t count = 0;
    for (const auto& p : parameters()) count += static_cast<std::int64_t>(p.value->size());
    return count;
}

Initializer initializerFromName(const std::string& name) {
    if (name.empty() || name == "glorot_uniform") return Initializer::GlorotUniform;
    if (name == "glorot_normal") return Initializer::GlorotNormal;
    if (name == "he_uniform") return Initializer::HeUniform;
    if (name == "he_normal") return Initializer::HeNormal;
    throw ModelError("unknown initializer '" + name +
                     "' (expected glorot_uniform, glorot_normal, he_uniform or he_normal)");
}

std::string initializerName(Initializer init) {
    switch (init) {
    case Initializer::GlorotUniform: return "glorot_uniform";
    case Initializer::GlorotNormal: return "glorot_normal";
    case Initializer::HeUniform: return "he_uniform";
    case Initializer::HeNormal: return "he_normal";
    }
    return "glorot_uniform";
}

void initializeWeights(Tensor& weights, Initializer init, int fanIn, int fanOut, Random& rng) {
    const bool glorot = init == Initializer::GlorotUniform || init == Initializer::GlorotNormal;
    const double variance = glorot ? 2.0 / (fanIn + fanOut) : 2.0 / fanIn;
    const bool uniform = init == Initializer::GlorotUniform || init == Initializer::HeUniform;
    const double limit = std::sqrt(3.0 * variance);
    const double stddev = std::sqrt(variance);
    for (std::size_t i = 0; i < weights.size(); ++i)
        weights[i] = static_cast<float>(uniform ? rng.uniform(-limit, limit) : stddev * rng.normal());
}

std::string layerLabel(std::size_t index, const std::string& type) {
    return "layer " + std::to_string(index + 1) + " (" + type + ")";
}

}  // namespace nw
