#pragma once
#include <vector>

#include "data/Dataset.h"
#include "nn/Loss.h"
#include "nn/Model.h"
#include "train/Metrics.h"

namespace nw {

// Loss and task metrics of a model on a split (or the chosen samples of it) in inference
// mode, in chunks so memory stays bounded whatever the split's size.
Metrics evaluateModel(Model& model, const SampleSet& samples, const Normalization& normalization, Task task,
                      const Loss& loss, const std::vector<std::size_t>* indices = nullptr);

// Outputs for raw samples (each of the model's input size), normalised first; one row each.
std::vector<std::vector<float>> predictRaw(Model& model, const std::vector<std::vector<float>>& samples,
                                           const Normalization& normalization);

}  // namespace nw
