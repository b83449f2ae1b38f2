#include "inspect/ClassProbabilities.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"

namespace nw {

int classWidth(int outputWidth) { return outputWidth == 1 ? 2 : outputWidth; }

void classProbabilities(const float* outputs, int rows, int width, const Activation& activation, float* out) {
    for (int r = 0; r < rows; ++r) {
        const float* y = outputs + static_cast<std::size_t>(r) * width;
        if (width == 1) {
            float p = activation.kind == ActivationKind::Sigmoid ? y[0] : 1.0f / (1.0f + std::exp(-y[0]));
            p = std::clamp(std::isnan(p) ? 0.5f : p, 0.0f, 1.0f);
            out[2 * static_cast<std::size_t>(r)] = 1.0f - p;
            out[2 * static_cast<std::size_t>(r) + 1] = p;
            continue;
        }
        float* p = out + static_cast<std::size_t>(r) * width;
        if (activation.kind == ActivationKind::Softmax) {
            std::copy(y, y + width, p);
        } else if (activation.kind == ActivationKind::Linear) {
            const float top = *std::max_element(y, y + width);
            float sum = 0.0f;
            for (int c = 0; c < width; ++c) sum += p[c] = std::exp(y[c] - top);
            for (int c = 0; c < width; ++c) p[c] /= sum;
        } else {
            float sum = 0.0f;
            for (int c = 0; c < width; ++c) sum += p[c] = std::max(y[c], 0.0f);
            for (int c = 0; c < width; ++c) p[c] = sum > 0.0f ? p[c] / sum : 1.0f / static_cast<float>(width);
        }
    }
}

int mostProbableClass(const float* probabilities, int outputWidth) {
    if (outputWidth == 1) return probabilities[1] >= 0.5f ? 1 : 0;
    return static_cast<int>(std::max_element(probabilities, probabilities + outputWidth) - probabilities);
}

void checkNormalization(const Normalization& normalization, std::size_t features) {
    const bool scalar = normalization.offset.size() == 1 && normalization.scale.size() == 1;
    const bool perFeature = normalization.offset.size() == features && normalization.scale.size() == features;
    if (!scalar && !perFeature)
        throw Error("the normalization has " + std::to_string(normalization.offset.size()) + " offsets and " +
                    std::to_string(normalization.scale.size()) + " scales but the model takes " +
                    std::to_string(features) + " features");
}

}  // namespace nw
