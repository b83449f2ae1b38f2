#include "inspect/PredictionSet.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "common/Error.h"
#include "common/Random.h"
#include "data/DatasetSplit.h"
#include "inspect/ClassProbabilities.h"

namespace nw {
namespace {

// Samples per forward pass: large enough for the matrix products to run at speed, small
// enough that the activations of a convolutional model stay a few megabytes.
constexpr std::size_t kBatch = 256;

}  // namespace

std::vector<std::size_t> fixedSubset(const SampleSet& samples, Task task, std::size_t count, std::uint64_t seed) {
    const std::size_t total = samples.size();
    if (count >= total) {
        std::vector<std::size_t> all(total);
        std::iota(all.begin(), all.end(), std::size_t{0});
        return all;
    }
    if (count == 0) return {};
    const double fraction = static_cast<double>(count) / static_cast<double>(total);
    std::vector<std::size_t> held = splitSamples(samples, task, fraction, seed).held;
    if (held.size() <= count) return held;

    // Per-class rounding (and the split's one-sample minimum per class) can overshoot by a
    // few; give them back one each from the classes rounded up the most, so every class
    // stays within one sample of its exact share.
    auto classOf = [&](std::size_t i) { return task == Task::Classification ? static_cast<int>(samples.target(i)) : 0; };
    std::map<int, std::size_t> members;
    for (std::size_t i = 0; i < total; ++i) ++members[classOf(i)];
    std::map<int, std::vector<std::size_t>> chosen;
    for (std::size_t i : held) chosen[classOf(i)].push_back(i);
    std::vector<std::pair<double, int>> surplus;  // (held − exact share, class)
    for (const auto& [cls, picked] : chosen)
        surplus.emplace_back(static_cast<double>(picked.size()) - fraction * static_cast<double>(members[cls]), cls);
    std::sort(surplus.begin(), surplus.end(),
              [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    Random random(seed ^ 0xD1B54A32D192ED03ULL);
    std::size_t excess = held.size() - count;
    for (std::size_t k = 0; excess > 0; k = (k + 1) % surplus.size()) {
        auto& picked = chosen[surplus[k].second];
        if (picked.empty()) continue;
        picked.erase(picked.begin() + static_cast<long>(random.below(picked.size())));
        --excess;
    }
    std::vector<std::size_t> subset;
    subset.reserve(count);
    for (const auto& [cls, picked] : chosen) subset.insert(subset.end(), picked.begin(), picked.end());
    std::sort(subset.begin(), subset.end());
    return subset;
}

PredictionSet predictSamples(Model& model, const SampleSet& samples, const Normalization& normalization,
                             const std::vector<std::size_t>& indices, int classCount) {
    if (samples.sampleShape() != model.inputShape())
        throw Error("the model takes samples of shape " + shapeToString(model.inputShape()) + " but the data has " +
                    shapeToString(samples.sampleShape()));
    const Shape output = model.outputShape();
    const int width = output.size() == 1 ? output[0] : static_cast<int>(shapeSize(output));
    if (width == 1 ? classCount != 2 : width != classCount)
        throw Error("the model has " + std::to_string(width) + " output" + (width == 1 ? "" : "s") + " but the data has " +
                    std::to_string(classCount) + " classes");
    checkNormalization(normalization, shapeSize(model.inputShape()));
    for (std::size_t i : indices)
        if (i >= samples.size())
            throw Error("sample " + std::to_string(i) + " is past the end of a split of " + std::to_string(samples.size()));

    PredictionSet result;
    result.classCount = classCount;
    result.samples.resize(indices.size());
    const Activation activation = model.outputActivation();
    Tensor x, y;
    std::vector<float> probabilities(kBatch * static_cast<std::size_t>(classCount));
    for (std::size_t start = 0; start < indices.size(); start += kBatch) {
        const std::size_t n = std::min(kBatch, indices.size() - start);
        const std::span<const std::size_t> chunk(indices.data() + start, n);
        samples.gather(chunk, normalization, x, y);
        const Tensor& out = model.forward(x, false);
        classProbabilities(out.data(), static_cast<int>(n), width, activation, probabilities.data());
        for (std::size_t i = 0; i < n; ++i) {
            const float* p = probabilities.data() + i * static_cast<std::size_t>(classCount);
            SamplePrediction& s = result.samples[start + i];
            s.sample = chunk[i];
            s.trueClass = static_cast<int>(y[i * static_cast<std::size_t>(samples.targetWidth())]);
            if (s.trueClass < 0 || s.trueClass >= classCount)
                throw Error("sample " + std::to_string(chunk[i]) + " has class " + std::to_string(s.trueClass) +
                            " but there are " + std::to_string(classCount) + " classes");
            s.predictedClass = mostProbableClass(p, width);
            s.confidence = p[s.predictedClass];
            s.loss = -std::log(std::max(p[s.trueClass], 1e-7f));
            s.probabilities.assign(p, p + classCount);
        }
    }
    return result;
}

}  // namespace nw
