#include "serve/InferenceService.h"

#include <algorithm>

#include "common/Error.h"

namespace nw {

InferenceService::InferenceService(SavedModel saved, std::string name, int replicas)
    : name_(std::move(name)),
      metadata_(std::move(saved.metadata)),
      spec_(saved.model->spec()),
      inputShape_(saved.model->inputShape()),
      outputShape_(saved.model->outputShape()),
      outputActivation_(saved.model->outputActivation().name()) {
    if (name_.empty()) throw Error("serve: the model needs a name");
    saved.model->setOutputActivationFusedIntoLoss(false);
    for (int i = 1; i < std::max(1, replicas); ++i) replicas_.push_back(copyModel(*saved.model));
    replicas_.push_back(std::move(saved.model));
    for (auto& model : replicas_) idle_.push_back(model.get());
}

std::size_t InferenceService::inputSize() const { return shapeSize(inputShape_); }
std::size_t InferenceService::outputSize() const { return shapeSize(outputShape_); }

std::vector<float> InferenceService::predict(const std::vector<float>& raw, int batch) const {
    const std::size_t features = inputSize();
    if (batch < 0 || raw.size() != features * static_cast<std::size_t>(batch))
        throw Error("predict: " + std::to_string(raw.size()) + " values are not " + std::to_string(batch) +
                    " samples of " + std::to_string(features));
    Model* model = nullptr;
    {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [this] { return !idle_.empty(); });
        model = idle_.back();
        idle_.pop_back();
    }
    // Hands the copy back however the prediction ends.
    struct Release {
        const InferenceService* service;
        Model* model;
        ~Release() {
            {
                std::lock_guard lock(service->mutex_);
                service->idle_.push_back(model);
            }
            service->freed_.notify_one();
        }
    } release{this, model};

    std::vector<float> outputs;
    outputs.reserve(outputSize() * static_cast<std::size_t>(batch));
    Tensor input;
    // Chunks bound the activation buffers whatever the request's batch.
    constexpr int kChunk = 256;
    for (int start = 0; start < batch; start += kChunk) {
        const int n = std::min(kChunk, batch - start);
        input.resizeBatch(n, inputShape_);
        std::copy_n(raw.data() + static_cast<std::size_t>(start) * features, static_cast<std::size_t>(n) * features,
                    input.data());
        metadata_.normalization.apply(input.data(), static_cast<std::size_t>(n), features);
        const Tensor& out = model->forward(input, false);
        outputs.insert(outputs.end(), out.data(), out.data() + out.size());
    }
    return outputs;
}

}  // namespace nw
