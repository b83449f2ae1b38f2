#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "train/RunRecord.h"
#include "train/TrainingConfig.h"

namespace nw {

// The whole workspace in one file: which data (by name or path, with its loading and split
// settings), the model spec being designed, the training hyperparameters and the history of
// training runs with their curves. Weights are not part of it; trained models live in model
// files and checkpoints, which runs refer to by path.
struct Project {
    std::string dataset = "mnist";         // a name or a path, as for --dataset
    nlohmann::json datasetOptions = nlohmann::json::object();  // e.g. {"target": "species", "image_size": "28x28"}
    nlohmann::json modelSpec;              // {"name": ..., "layers": [...]}
    TrainingConfig training;
    std::vector<RunRecord> runs;

    nlohmann::json toJson() const;
};

// Writes atomically (temporary file, then rename). Throws FileFormatError on failure; an
// existing file is then left as it was.
void saveProject(const std::string& path, const Project& project);
// Throws FileFormatError naming the file and what is wrong: not JSON (with the position),
// not a Netwright project, a newer version, a missing or mistyped field, a model spec that
// is not a spec.
Project loadProject(const std::string& path);

}  // namespace nw
