#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "train/TrainingConfig.h"

namespace nw {

// A network of the founding documents with the training that goes with it.
struct Preset {
    std::string name;
    std::string description;
    nlohmann::json spec;  // sized for the dataset it was made for
    TrainingConfig training;
};

struct PresetEntry {
    std::string name;
    std::string description;
};
std::vector<PresetEntry> presetNames();

// Builds a preset for a dataset: the input comes from the data, the last layer is sized to
// its classes (softmax) or outputs (linear, for regression). Throws nw::Error for an unknown
// name or a preset that cannot fit the data (logreg on a set that is not two-class).
Preset makePreset(const std::string& name, const Dataset& data);
bool isPresetName(const std::string& name);

}  // namespace nw
