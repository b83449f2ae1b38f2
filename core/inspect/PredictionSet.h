#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/Dataset.h"
#include "nn/Model.h"

namespace nw {

// What a classifier says about one sample of a fixed subset.
struct SamplePrediction {
    std::size_t sample = 0;  // index into the split the subset was drawn from
    int trueClass = 0;
    int predictedClass = 0;
    float confidence = 0.0f;  // probability of the predicted class
    float loss = 0.0f;        // −log p(true class), clamped at 1e-7
    std::vector<float> probabilities;  // one per class (a single sigmoid output gives [1 − p, p])
};

struct PredictionSet {
    int classCount = 0;
    long long step = 0;
    int epoch = 0;
    std::vector<SamplePrediction> samples;
};

// A fixed, stratified, seeded choice of up to `count` samples of a split (all of them when
// the split is smaller), sorted by index.
std::vector<std::size_t> fixedSubset(const SampleSet& samples, Task task, std::size_t count, std::uint64_t seed);

// Predicts the chosen samples of a classification split in inference mode, in batches.
// Works whether the model ends in softmax, sigmoid or a linear layer (softmax is applied to
// linear outputs to get probabilities).
PredictionSet predictSamples(Model& model, const SampleSet& samples, const Normalization& normalization,
                             const std::vector<std::size_t>& indices, int classCount);

}  // namespace nw
