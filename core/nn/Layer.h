#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/Random.h"
#include "nn/Activation.h"
#include "nn/Tensor.h"

namespace nw {

// A trainable tensor and the gradient the last backward pass left for it.
struct Parameter {
    std::string name;
    Tensor* value;
    Tensor* gradient;
};

// The name and shape of a tensor a layer will own for a given input, known before anything
// is allocated.
struct TensorShape {
    std::string name;
    std::vector<int> dims;
};

// A tensor a layer must keep between runs without training it (BatchNorm's running stats).
struct StateTensor {
    std::string name;
    Tensor* value;
};

// One block of a sequential network. A layer owns its output and input-gradient buffers;
// they are resized (not reallocated) per batch, so a training loop allocates nothing after
// the first batch. forward() may keep a pointer to its input until the matching backward().
// A layer that only reshapes (flatten) returns its input tensor itself, so a layer must read
// its input through its built input shape or as (batch, features) rows, never by its dims.
class Layer {
public:
    virtual ~Layer() = default;

    // The spec's "type" word: "dense", "conv2d", ...
    virtual std::string type() const = 0;
    // The output shape for one sample, or a ModelError saying why this input does not fit.
    virtual Shape outputShape(const Shape& input) const = 0;
    // Allocates and initialises parameters for this input shape.
    virtual void build(const Shape& input, Random& rng);
    virtual const Tensor& forward(const Tensor& input, bool training) = 0;
    // Takes dLoss/dOutput; fills parameter gradients and returns dLoss/dInput (empty when the
    // model told the layer that no one needs it).
    virtual const Tensor& backward(const Tensor& gradOutput) = 0;

    // Parameters then state tensors, as build() would allocate them for this input; lets a
    // model be sized (and a file checked) before any memory is committed.
    virtual std::vector<TensorShape> tensorShapes(const Shape& /*input*/) const { return {}; }
    virtual std::vector<Parameter> parameters() { return {}; }
    virtual std::vector<StateTensor> stateTensors() { return {}; }
    // Multiply-adds count twice; valid after build().
    virtual std::int64_t flopsPerSample() const { return 0; }
    // The layer's entry in a model spec; fromJson(config()) builds the same layer.
    virtual nlohmann::json config() const = 0;
    // The non-linearity at the layer's output, so a loss can fuse with it.
    virtual Activation outputActivation() const { return {}; }

    std::int64_t parameterCount();
    const Shape& inputShape() const { return inputShape_; }
    const Shape& builtOutputShape() const { return outputShape_; }

    // Off when nothing before the layer learns (see Model::setInputGradientNeeded); skipping
    // the input gradient saves a product as large as the weight gradient's.
    void setComputeInputGradient(bool on) { computeInputGradient_ = on; }
    bool computesInputGradient() const { return computeInputGradient_; }
    // The loss differentiates through this layer's output activation itself (softmax with
    // cross-entropy, sigmoid with binary cross-entropy), so backward() must not.
    void setActivationFusedIntoLoss(bool on) { activationFusedIntoLoss_ = on; }
    bool activationFusedIntoLoss() const { return activationFusedIntoLoss_; }
    // Asks the layer to differentiate through `activation`, the output activation of the
    // layer before it, as part of its own backward pass; returns whether it will. Max
    // pooling does: each input's gradient comes only from the windows it won, whose output
    // is that input's value, so the derivative is taken on the pooled output, a quarter of
    // the values of a 2x2 pooling, and the layer before skips its pass over the whole map.
    virtual bool takeInputActivationGradient(const Activation& /*activation*/) { return false; }
    // The next layer took this layer's activation gradient (see takeInputActivationGradient).
    void setActivationGradientTakenByNext(bool on) { activationGradientTakenByNext_ = on; }

protected:
    // Whether backward() differentiates through `activation` itself: not when it is linear,
    // fused into the loss or taken by the next layer.
    bool differentiatesOwn(const Activation& activation) const {
        return !activation.isLinear() && !activationFusedIntoLoss_ && !activationGradientTakenByNext_;
    }

    Shape inputShape_;
    Shape outputShape_;
    bool computeInputGradient_ = true;
    bool activationFusedIntoLoss_ = false;
    bool activationGradientTakenByNext_ = false;
};

// Weight initialisation schemes, drawn from the model's seeded generator.
enum class Initializer { GlorotUniform, GlorotNormal, HeUniform, HeNormal };
Initializer initializerFromName(const std::string& name);
std::string initializerName(Initializer init);
void initializeWeights(Tensor& weights, Initializer init, int fanIn, int fanOut, Random& rng);

// How messages and charts name a layer of a model: "layer 3 (dense)"; index counts from 0.
std::string layerLabel(std::size_t index, const std::string& type);

}  // namespace nw
