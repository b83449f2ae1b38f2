#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/Layer.h"

namespace nw {

// What shape inference says about one block of a spec.
struct LayerSummary {
    std::string type;
    Shape outputShape;          // empty when the layer does not fit
    std::int64_t parameters = 0;
    std::int64_t flops = 0;     // per sample
    std::string error;          // why it does not fit, or empty
};

struct ModelSummary {
    Shape input;
    std::vector<LayerSummary> layers;
    std::int64_t parameters = 0;
    std::int64_t flops = 0;
    bool valid() const;
    // The first layer error as "layer N (type): reason", or empty.
    std::string firstError() const;
};

// Validates the structure of a spec ({"name": ..., "layers": [...]}) and reports every
// block's output shape, parameters and FLOPs; never throws for a block that does not fit,
// so an editor can mark it and go on. Throws ModelError only when the spec is not a spec.
ModelSummary summarizeSpec(const nlohmann::json& spec, const Shape& input);

// Every tensor a model of this spec and input would own ("3.weights", dims), worked out
// without allocating them. Throws ModelError naming the first layer that does not fit, or
// whose tensors would pass kMaxModelValues.
std::vector<TensorShape> plannedTensors(const nlohmann::json& spec, const Shape& input);

// More values than any model a workstation can train; beyond it a spec is refused rather
// than allowed to exhaust memory.
constexpr std::int64_t kMaxModelValues = std::int64_t{1} << 30;

// A sequential network built from a spec for a given input shape.
class Model {
public:
    // Throws ModelError naming the first block that does not fit ("layer 3 (dense): ...").
    Model(const nlohmann::json& spec, const Shape& input, std::uint64_t seed);
    Model(Model&&) noexcept = default;
    Model& operator=(Model&&) noexcept = default;

    const Tensor& forward(const Tensor& input, bool training);
    // Takes dLoss/dOutput, or dLoss/d(output pre-activation) when the loss fuses the
    // output activation (see setOutputActivationFusedIntoLoss).
    void backward(const Tensor& lossGradient);
    void setOutputActivationFusedIntoLoss(bool fused);
    bool outputActivationFusedIntoLoss() const { return layers_.back()->activationFusedIntoLoss(); }
    // Whether backward() carries the gradient through to the model's input (saliency needs
    // it). Training does not: off, a layer computes its input gradient only when a layer before
    // it has parameters, and backward() stops at the first layer that has any, so a model that
    // begins with a flatten skips the largest product of its first dense layer.
    void setInputGradientNeeded(bool needed);
    bool inputGradientNeeded() const { return inputGradientNeeded_; }

    std::vector<Parameter> parameters();
    // Everything that defines the trained model, named "3.weights", "4.running_mean", ...
    std::vector<std::pair<std::string, Tensor*>> namedTensors();

    const nlohmann::json& spec() const { return spec_; }
    std::string name() const;
    const Shape& inputShape() const { return input_; }
    Shape outputShape() const;
    Activation outputActivation() const;
    std::size_t layerCount() const { return layers_.size(); }
    Layer& layer(std::size_t i) { return *layers_[i]; }
    std::int64_t parameterCount();

private:
    nlohmann::json spec_;
    Shape input_;
    std::vector<std::unique_ptr<Layer>> layers_;
    Tensor reshapedOutput_;  // the output in its declared shape when the last layer only reshapes
    std::size_t firstLearningLayer_ = 0;  // the first layer with parameters (layerCount() if none)
    bool inputGradientNeeded_ = false;
};

// A separate network of the same spec with the same weights and state tensors, its output
// activation applied in forward (inference); what a second thread or a server predicts with.
std::unique_ptr<Model> copyModel(Model& model);

// Reads and checks a spec file; errors name the file and, for JSON syntax, the byte offset.
nlohmann::json loadSpecFile(const std::string& path);

}  // namespace nw
