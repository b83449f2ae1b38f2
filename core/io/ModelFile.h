#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "nn/Model.h"
#include "train/Trainer.h"
#include "train/TrainingConfig.h"
#include "train/TrainingObserver.h"

namespace nw {

// What a model file holds besides the network: enough to predict on raw inputs and to
// show how the model came to be.
struct ModelMetadata {
    std::string dataset;                  // where it was trained
    Task task = Task::Classification;
    std::vector<std::string> classNames;  // classification
    int outputs = 1;                      // regression
    Normalization normalization;          // applied to raw inputs before the model
    TrainingConfig training;
    std::vector<EpochReport> history;
    nlohmann::json tabularSchema;         // CSV-trained models: how raw columns are encoded
};

struct SavedModel {
    std::unique_ptr<Model> model;
    ModelMetadata metadata;
};

ModelMetadata metadataFor(const Dataset& data, const Normalization& normalization, const TrainingConfig& training,
                          std::vector<EpochReport> history);

// Writes the model file atomically: a temporary file beside the target, then a rename, so
// an existing file is never left half-written. Format: docs/file-formats.md.
void saveModel(const std::string& path, Model& model, const ModelMetadata& metadata);
// A checkpoint is a model file that also carries where training stood (epochs done, step,
// history) and the optimizer's state, so a stopped or crashed run resumes exactly. `run`
// is free-form JSON kept with it (the Train screen stores its curves there). Any command
// that reads model files reads a checkpoint as the model it holds.
void saveCheckpoint(const std::string& path, Model& model, const ModelMetadata& metadata, const TrainingState& state,
                    const nlohmann::json& run = nullptr);

struct Checkpoint {
    SavedModel saved;
    TrainingState state;
    nlohmann::json run;
};
// Throws FileFormatError as loadModel does, and when the file is a model without training
// state.
Checkpoint loadCheckpoint(const std::string& path);

// Whether the file starts like a model file (so a command can tell it from a spec).
bool looksLikeModelFile(const std::string& path);
// Throws FileFormatError naming the file and what is wrong (magic, version, truncation,
// checksum, a spec or tensor that does not match).
SavedModel loadModel(const std::string& path);

}  // namespace nw
