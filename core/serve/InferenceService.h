#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/ModelFile.h"

namespace nw {

// A loaded model offered to many request threads at once. It keeps one copy of the network
// per worker (a layer owns its activation buffers, so one copy cannot run two batches at
// once) and hands a free copy to each call.
class InferenceService {
public:
    // `replicas` copies are built, so that many predictions run at once; the name is the
    // one clients use in URLs and RPCs.
    InferenceService(SavedModel saved, std::string name, int replicas);

    const std::string& name() const { return name_; }
    const ModelMetadata& metadata() const { return metadata_; }
    const nlohmann::json& spec() const { return spec_; }
    // One sample's input shape (channels, height, width) or (features).
    const Shape& inputShape() const { return inputShape_; }
    const Shape& outputShape() const { return outputShape_; }
    std::size_t inputSize() const;
    std::size_t outputSize() const;
    // The model's output activation name ("softmax", "sigmoid", "linear").
    std::string outputActivation() const { return outputActivation_; }

    // Outputs (probabilities for a classifier) for `batch` raw samples laid out one after
    // another, unnormalised as `netwright-cli predict` reads them: batch × outputSize()
    // values. Thread-safe; blocks while every copy is busy.
    std::vector<float> predict(const std::vector<float>& raw, int batch) const;

private:
    std::string name_;
    ModelMetadata metadata_;
    nlohmann::json spec_;
    Shape inputShape_, outputShape_;
    std::string outputActivation_;
    std::vector<std::unique_ptr<Model>> replicas_;
    mutable std::mutex mutex_;
    mutable std::condition_variable freed_;
    mutable std::vector<Model*> idle_;
};

}  // namespace nw
