#include "nn/Model.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "nn/LayerFactory.h"
#include "nn/kernels/ComputeThreads.h"

namespace nw {
namespace {

const nlohmann::json& layersOf(const nlohmann::json& spec) {
    if (!spec.is_object()) throw ModelError("a model spec must be a JSON object with a \"layers\" array");
    if (!spec.contains("layers") || !spec["layers"].is_array())
        throw ModelError("a model spec needs a \"layers\" array");
    if (spec["layers"].empty()) throw ModelError("a model spec needs at least one layer");
    return spec["layers"];
}

std::string entryLabel(std::size_t index, const nlohmann::json& entry) {
    std::string type = entry.is_object() && entry.contains("type") && entry["type"].is_string()
                           ? entry["type"].get<std::string>()
                           : "?";
    return layerLabel(index, type);
}

// Output shape and tensor shapes of one block, checked for size before anything is built.
Shape planLayer(const Layer& layer, const Shape& input, std::int64_t& values, std::vector<TensorShape>* shapes,
                const std::string& prefix) {
    if (input.empty() || shapeSize(input) > static_cast<std::size_t>(kMaxModelValues))
        throw ModelError("its input " + shapeToString(input) + " is too large");
    Shape output = layer.outputShape(input);
    for (auto& t : layer.tensorShapes(input)) {
        std::int64_t size = 1;
        for (int d : t.dims) {
            if (d < 1) throw ModelError(t.name + " would have an empty dimension");
            size = std::min<std::int64_t>(size * d, kMaxModelValues + 1);
        }
        values += size;
        if (values > kMaxModelValues)
            throw ModelError("the model would need more than " + std::to_string(kMaxModelValues) +
                             " parameters; make this layer smaller");
        if (shapes) shapes->push_back({prefix + t.name, std::move(t.dims)});
    }
    return output;
}

}  // namespace

std::vector<TensorShape> plannedTensors(const nlohmann::json& spec, const Shape& input) {
    const auto& entries = layersOf(spec);
    std::vector<TensorShape> tensors;
    std::int64_t values = 0;
    Shape current = input;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        try {
            auto layer = makeLayer(entries[i]);
            std::vector<TensorShape> shapes;
            current = planLayer(*layer, current, values, &shapes, std::to_string(i) + ".");
            // The same order as Model::namedTensors: each layer's parameters, then its state.
            for (auto& s : shapes) tensors.push_back(std::move(s));
        } catch (const ModelError& e) {
            throw ModelError(entryLabel(i, entries[i]) + ": " + e.what());
        }
    }
    return tensors;
}

bool ModelSummary::valid() const {
    for (const auto& l : layers)
        if (!l.error.empty()) return false;
    return true;
}

std::string ModelSummary::firstError() const {
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (!layers[i].error.empty()) return layerLabel(i, layers[i].type) + ": " + layers[i].error;
    return {};
}

ModelSummary summarizeSpec(const nlohmann::json& spec, const Shape& input) {
    const auto& entries = layersOf(spec);
    ModelSummary summary;
    summary.input = input;
    Shape current = input;
    bool broken = false;
    Random scratch(0);
    std::int64_t values = 0;
    for (const auto& entry : entries) {
        LayerSummary s;
        s.type = entry.is_object() && entry.contains("type") && entry["type"].is_string() ? entry["type"].get<std::string>() : "?";
        if (broken) {
            s.error = "its input is unknown because an earlier layer does not fit";
        } else {
            try {
                auto layer = makeLayer(entry);
                planLayer(*layer, current, values, nullptr, "");
                layer->build(current, scratch);
                current = layer->builtOutputShape();
                s.outputShape = current;
                s.parameters = layer->parameterCount();
                s.flops = layer->flopsPerSample();
            } catch (const ModelError& e) {
                s.error = e.what();
                broken = true;
            }
        }
        summary.parameters += s.parameters;
        summary.flops += s.flops;
        summary.layers.push_back(std::move(s));
    }
    return summary;
}

Model::Model(const nlohmann::json& spec, const Shape& input, std::uint64_t seed) : spec_(spec), input_(input) {
    keepBlasSingleThreaded();
    const auto& entries = layersOf(spec);
    Random random(seed);
    Shape current = input;
    std::int64_t values = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        try {
            auto layer = makeLayer(entries[i]);
            planLayer(*layer, current, values, nullptr, "");
            layer->build(current, random);
            current = layer->builtOutputShape();
            layers_.push_back(std::move(layer));
        } catch (const ModelError& e) {
            throw ModelError(entryLabel(i, entries[i]) + ": " + e.what());
        }
    }
    firstLearningLayer_ = static_cast<std::size_t>(
        std::find_if(layers_.begin(), layers_.end(), [](const auto& layer) { return !layer->parameters().empty(); }) -
        layers_.begin());
    setInputGradientNeeded(false);
    for (std::size_t i = 0; i + 1 < layers_.size(); ++i)
        if (const Activation a = layers_[i]->outputActivation(); !a.isLinear() && layers_[i + 1]->takeInputActivationGradient(a))
            layers_[i]->setActivationGradientTakenByNext(true);
}

const Tensor& Model::forward(const Tensor& input, bool training) {
    if (input.sampleShape() != input_)
        throw Error("the model expects input samples of shape " + shapeToString(input_) + " but got " +
                    shapeToString(input.sampleShape()));
    const Tensor* x = &input;
    for (auto& layer : layers_) x = &layer->forward(*x, training);
    // A reshaping layer (flatten) hands on its input's tensor, dims and all; whoever calls
    // the model still gets the output shape it declares.
    if (x->sampleShape() != outputShape()) {
        reshapedOutput_.resizeBatch(x->batch(), outputShape());
        reshapedOutput_.array() = x->array();
        return reshapedOutput_;
    }
    return *x;
}

void Model::backward(const Tensor& lossGradient) {
    const std::size_t stop = inputGradientNeeded_ ? 0 : firstLearningLayer_;
    const Tensor* g = &lossGradient;
    for (std::size_t i = layers_.size(); i-- > stop;) g = &layers_[i]->backward(*g);
}

void Model::setInputGradientNeeded(bool needed) {
    inputGradientNeeded_ = needed;
    for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->setComputeInputGradient(needed || i > firstLearningLayer_);
}

void Model::setOutputActivationFusedIntoLoss(bool fused) { layers_.back()->setActivationFusedIntoLoss(fused); }

std::vector<Parameter> Model::parameters() {
    std::vector<Parameter> all;
    for (auto& layer : layers_)
        for (auto& p : layer->parameters()) all.push_back(p);
    return all;
}

std::vector<std::pair<std::string, Tensor*>> Model::namedTensors() {
    std::vector<std::pair<std::string, Tensor*>> all;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        for (auto& p : layers_[i]->parameters()) all.emplace_back(std::to_string(i) + "." + p.name, p.value);
        for (auto& s : layers_[i]->stateTensors()) all.emplace_back(std::to_string(i) + "." + s.name, s.value);
    }
    return all;
}

std::string Model::name() const { return spec_.value("name", std::string("model")); }

Shape Model::outputShape() const { return layers_.back()->builtOutputShape(); }

Activation Model::outputActivation() const { return layers_.back()->outputActivation(); }

std::int64_t Model::parameterCount() {
    std::int64_t count = 0;
    for (auto& layer : layers_) count += layer->parameterCount();
    return count;
}

std::unique_ptr<Model> copyModel(Model& model) {
    auto copy = std::make_unique<Model>(model.spec(), model.inputShape(), 0);
    copy->setOutputActivationFusedIntoLoss(false);
    const auto source = model.namedTensors();
    const auto target = copy->namedTensors();
    for (std::size_t i = 0; i < source.size(); ++i) *target[i].second = *source[i].second;
    return copy;
}

nlohmann::json loadSpecFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileFormatError(path, "cannot open the model spec");
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json spec;
    try {
        spec = nlohmann::json::parse(buffer.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw FileFormatError(path, std::string("not valid JSON: ") + e.what());
    }
    try {
        const auto& entries = layersOf(spec);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            try {
                makeLayer(entries[i]);
            } catch (const ModelError& e) {
                throw ModelError(entryLabel(i, entries[i]) + ": " + e.what());
            }
        }
    } catch (const ModelError& e) {
        throw FileFormatError(path, e.what());
    }
    return spec;
}

}  // namespace nw
