#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "data/Dataset.h"
#include "nn/Model.h"

namespace nw {

// An immutable copy of a model's weights at one moment of training, published by the
// training thread and read by anyone else: the Inspect screen builds its own Model from it,
// so it never reads weights the trainer is writing.
struct ModelSnapshot {
    nlohmann::json spec;
    Shape inputShape;
    std::vector<std::pair<std::string, std::vector<float>>> tensors;  // Model::namedTensors order
    Normalization normalization;
    Task task = Task::Classification;
    std::vector<std::string> classNames;
    long long step = 0;  // optimizer steps when it was taken
    int epoch = 0;       // epochs finished when it was taken
};

// Copies the model's tensors (the caller must own the model at that moment).
ModelSnapshot takeSnapshot(Model& model, const Normalization& normalization, const Dataset& data, long long step, int epoch);
// A new model with the snapshot's weights, in inference state.
std::unique_ptr<Model> buildModel(const ModelSnapshot& snapshot);

}  // namespace nw
