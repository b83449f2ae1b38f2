#include "export/OnnxExport.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <nlohmann/json.hpp>

#include "common/Error.h"
#include "io/AtomicFile.h"
#include "nn/layers/Conv2DLayer.h"

namespace nw {
namespace {

using Dims = std::vector<std::int64_t>;

// Opset 13 is the export's contract; IR 7 is the format ONNX 1.8 introduced together with
// opset 13, so every runtime that can run the graph can also read the file.
constexpr std::int64_t kOpset = 13;
constexpr std::int64_t kIrVersion = 7;

// Tensors are stored as raw_data, which ONNX defines as little-endian: the in-memory floats
// can be copied as they are.
static_assert(std::endian::native == std::endian::little);

void setInt(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

void setFloat(onnx::NodeProto& node, const std::string& name, float value) {
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
}

void setInts(onnx::NodeProto& node, const std::string& name, const Dims& values) {
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t v : values) a->add_ints(v);
}

// A sequential graph grows one node at a time, each node reading the previous one's output,
// as the core's model runs its layers.
class GraphBuilder {
public:
    GraphBuilder(onnx::GraphProto& graph, std::string input) : graph_(graph), current_(std::move(input)) {}

    // Appends `op` reading the current tensor (then `constants`); its output, named after
    // the node, becomes the current tensor.
    onnx::NodeProto& append(const std::string& op, const std::string& name, const std::vector<std::string>& constants = {}) {
        auto* node = graph_.add_node();
        node->set_op_type(op);
        node->set_name(name);
        node->add_input(current_);
        for (const auto& c : constants) node->add_input(c);
        node->add_output(name);
        current_ = name;
        return *node;
    }

    const std::string& addFloats(const std::string& name, const Dims& dims, const float* values) {
        auto* t = graph_.add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        std::size_t count = 1;
        for (std::int64_t d : dims) {
            t->add_dims(d);
            count *= static_cast<std::size_t>(d);
        }
        t->set_raw_data(values, count * sizeof(float));
        return t->name();
    }

    const std::string& addInt64s(const std::string& name, const Dims& values) {
        auto* t = graph_.add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        t->add_dims(static_cast<std::int64_t>(values.size()));
        for (std::int64_t v : values) t->add_int64_data(v);
        return t->name();
    }

    // The graph's result must carry the name "output": the last node is renamed (or, for a
    // graph of no nodes at all, an Identity is added to carry the name).
    void finish(const std::string& output) {
        if (graph_.node_size() == 0) append("Identity", output);
        graph_.mutable_node(graph_.node_size() - 1)->set_output(0, output);
    }

private:
    onnx::GraphProto& graph_;
    std::string current_;
};

Dims toDims(const std::vector<int>& dims) { return Dims(dims.begin(), dims.end()); }

const Tensor* findTensor(Layer& layer, const std::string& name) {
    for (const auto& p : layer.parameters())
        if (p.name == name) return p.value;
    for (const auto& s : layer.stateTensors())
        if (s.name == name) return s.value;
    return nullptr;
}

const Tensor& requireTensor(Layer& layer, const std::string& name) {
    const Tensor* t = findTensor(layer, name);
    if (!t) throw Error("it has no tensor '" + name + "'");
    return *t;
}

// A [h, w] pair from a layer's config ("kernel_size", "strides", "pool_size").
std::pair<int, int> configPair(const nlohmann::json& config, const char* key) {
    const auto& v = config.at(key);
    return {v.at(0).get<int>(), v.at(1).get<int>()};
}

// ONNX pads [top, left, bottom, right] that reproduce the core's windows: "same" pads by
// TensorFlow's rule with any odd cell at the end, "valid" pads nothing and drops the rest.
Dims explicitPads(const Shape& input, std::pair<int, int> kernel, std::pair<int, int> strides, Padding padding) {
    auto axis = [&](int size, int k, int s) {
        const AxisGeometry g = axisGeometry(size, k, s, padding);
        const int reach = (g.output - 1) * s + k;  // input cells the windows span, padding included
        return std::pair{g.padBefore, std::max(reach - size - g.padBefore, 0)};
    };
    const auto [top, bottom] = axis(input[1], kernel.first, strides.first);
    const auto [left, right] = axis(input[2], kernel.second, strides.second);
    return {top, left, bottom, right};
}

// Softmax over all of a sample's values, as the core computes it. Opset 13's Softmax works
// along one axis, so an image-shaped tensor is flattened around it and shaped back.
void appendSoftmax(GraphBuilder& g, const std::string& name, const Shape& shape) {
    if (shape.size() == 1) {
        setInt(g.append("Softmax", name), "axis", 1);
        return;
    }
    setInt(g.append("Flatten", name + ".flatten"), "axis", 1);
    setInt(g.append("Softmax", name + ".softmax"), "axis", 1);
    Dims back{-1};  // the batch, whatever its size
    back.insert(back.end(), shape.begin(), shape.end());
    g.append("Reshape", name, {g.addInt64s(name + ".shape", back)});
}

void appendActivation(GraphBuilder& g, const std::string& name, const Activation& activation, const Shape& shape) {
    switch (activation.kind) {
    case ActivationKind::Linear: return;
    case ActivationKind::ReLU: g.append("Relu", name); return;
    case ActivationKind::LeakyReLU: setFloat(g.append("LeakyRelu", name), "alpha", activation.alpha); return;
    case ActivationKind::Sigmoid: g.append("Sigmoid", name); return;
    case ActivationKind::Tanh: g.append("Tanh", name); return;
    case ActivationKind::Softmax: appendSoftmax(g, name, shape); return;
    }
}

// The core's x' = (x - offset) * scale, with each step left out when it changes nothing.
// Per-feature values are shaped like one sample, so they broadcast over the batch.
void appendNormalization(GraphBuilder& g, const Normalization& n, const Shape& input) {
    auto append = [&](const char* op, const char* what, const std::vector<float>& values, float neutral) {
        if (std::all_of(values.begin(), values.end(), [&](float v) { return v == neutral; })) return;
        const bool perFeature = values.size() > 1;
        if (perFeature && values.size() != shapeSize(input))
            throw Error("the normalization has " + std::to_string(values.size()) + " " + what + " values for " +
                        std::to_string(shapeSize(input)) + " input features");
        const std::string name = std::string("normalization.") + what;
        g.append(op, name + "." + op, {g.addFloats(name, perFeature ? toDims(input) : Dims{1}, values.data())});
    };
    append("Sub", "offset", n.offset, 0.0f);
    append("Mul", "scale", n.scale, 1.0f);
}

// y = x W + b with W stored (inputs, units); the core's dense layer takes flat features only,
// so Gemm's 2-D input always fits. Gemm gets W transposed, (units, inputs) with transB = 1:
// the layout every importer reads alike (cv::dnn 4.6 mis-sizes transB = 0).
void appendDense(GraphBuilder& g, Layer& layer, const std::string& prefix) {
    const Tensor& w = requireTensor(layer, "weights");
    const RowMatrix transposed = w.matrix(w.dim(0), w.dim(1)).transpose();
    std::vector<std::string> constants{g.addFloats(prefix + ".weights", {w.dim(1), w.dim(0)}, transposed.data())};
    if (const Tensor* b = findTensor(layer, "bias"))
        constants.push_back(g.addFloats(prefix + ".bias", toDims(b->dims()), b->data()));
    setInt(g.append("Gemm", prefix + ".dense", constants), "transB", 1);
    appendActivation(g, prefix + ".activation", layer.outputActivation(), layer.builtOutputShape());
}

// The core's filters are (filters, channels, kH, kW), ONNX's OIHW.
void appendConv(GraphBuilder& g, Layer& layer, const std::string& prefix) {
    const auto config = layer.config();
    const auto kernel = configPair(config, "kernel_size");
    const auto strides = configPair(config, "strides");
    const Tensor& w = requireTensor(layer, "weights");
    std::vector<std::string> constants{g.addFloats(prefix + ".weights", toDims(w.dims()), w.data())};
    if (const Tensor* b = findTensor(layer, "bias"))
        constants.push_back(g.addFloats(prefix + ".bias", toDims(b->dims()), b->data()));
    auto& node = g.append("Conv", prefix + ".conv2d", constants);
    setInts(node, "kernel_shape", {kernel.first, kernel.second});
    setInts(node, "strides", {strides.first, strides.second});
    setInts(node, "pads", explicitPads(layer.inputShape(), kernel, strides, paddingFromName(config.at("padding"))));
    appendActivation(g, prefix + ".activation", layer.outputActivation(), layer.builtOutputShape());
}

// Padded cells never win a max and never count in an average in the core, which is ONNX's
// MaxPool padding and AveragePool's count_include_pad = 0.
void appendPool(GraphBuilder& g, Layer& layer, const std::string& prefix) {
    const auto config = layer.config();
    const auto window = configPair(config, "pool_size");
    const auto strides = configPair(config, "strides");
    const bool max = layer.type() == "maxpool2d";
    auto& node = g.append(max ? "MaxPool" : "AveragePool", prefix + "." + layer.type());
    setInts(node, "kernel_shape", {window.first, window.second});
    setInts(node, "strides", {strides.first, strides.second});
    setInts(node, "pads", explicitPads(layer.inputShape(), window, strides, paddingFromName(config.at("padding"))));
    if (!max) setInt(node, "count_include_pad", 0);
}

// Inference mode: the running statistics, per feature of (N, D) or per channel of (N, C, H, W).
void appendBatchNorm(GraphBuilder& g, Layer& layer, const std::string& prefix) {
    std::vector<std::string> constants;
    for (const char* name : {"gamma", "beta", "running_mean", "running_variance"}) {
        const Tensor& t = requireTensor(layer, name);
        constants.push_back(g.addFloats(prefix + "." + name, toDims(t.dims()), t.data()));
    }
    setFloat(g.append("BatchNormalization", prefix + ".batchnorm", constants), "epsilon",
             layer.config().at("epsilon").get<float>());
}

void appendLayer(GraphBuilder& g, Layer& layer, const std::string& prefix) {
    const std::string type = layer.type();
    if (type == "dense") return appendDense(g, layer, prefix);
    if (type == "conv2d") return appendConv(g, layer, prefix);
    if (type == "maxpool2d" || type == "avgpool2d") return appendPool(g, layer, prefix);
    if (type == "batchnorm") return appendBatchNorm(g, layer, prefix);
    if (type == "dropout") return;  // inverted dropout: the identity at inference
    if (type == "flatten") {
        setInt(g.append("Flatten", prefix + ".flatten"), "axis", 1);
        return;
    }
    if (type == layer.outputActivation().name())  // a stand-alone activation block
        return appendActivation(g, prefix + "." + type, layer.outputActivation(), layer.builtOutputShape());
    throw Error("ONNX export does not know this layer type");
}

// A float tensor of shape (N, sample...) with the batch left symbolic.
void describeValue(onnx::ValueInfoProto& value, const std::string& name, const Shape& sample) {
    value.set_name(name);
    auto* tensor = value.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    auto* shape = tensor->mutable_shape();
    shape->add_dim()->set_dim_param("N");
    for (int d : sample) shape->add_dim()->set_dim_value(d);
}

void addMetadata(onnx::ModelProto& proto, const std::string& key, const std::string& value) {
    auto* entry = proto.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
}

void describeModel(onnx::ModelProto& proto, Model& model, const ModelMetadata& metadata) {
    proto.set_doc_string("Netwright model '" + model.name() +
                         "'. Input: raw samples (the model's normalization is part of the graph). Output: " +
                         (metadata.task == Task::Classification ? "class probabilities." : "regression outputs."));
    addMetadata(proto, "model_name", model.name());
    addMetadata(proto, "task", metadata.task == Task::Classification ? "classification" : "regression");
    addMetadata(proto, "dataset", metadata.dataset);
    if (metadata.task == Task::Classification) addMetadata(proto, "class_names", nlohmann::json(metadata.classNames).dump());
    addMetadata(proto, "normalization", metadata.normalization.toJson().dump());
    // CSV-trained models read encoded features; the schema says how raw columns become them.
    if (!metadata.tabularSchema.is_null()) addMetadata(proto, "tabular_schema", metadata.tabularSchema.dump());
}

onnx::ModelProto buildModel(Model& model, const ModelMetadata& metadata) {
    onnx::ModelProto proto;
    proto.set_ir_version(kIrVersion);
    proto.set_producer_name("Netwright");
    auto* opset = proto.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    describeModel(proto, model, metadata);

    auto* graph = proto.mutable_graph();
    graph->set_name(model.name());
    describeValue(*graph->add_input(), "input", model.inputShape());
    describeValue(*graph->add_output(), "output", model.outputShape());

    GraphBuilder g(*graph, "input");
    appendNormalization(g, metadata.normalization, model.inputShape());
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        Layer& layer = model.layer(i);
        try {
            // Names follow the model file's tensors: "3.weights" is layer 4's weights.
            appendLayer(g, layer, std::to_string(i));
        } catch (const std::exception& e) {
            throw Error(layerLabel(i, layer.type()) + ": " + e.what());
        }
    }
    g.finish("output");
    return proto;
}

}  // namespace

std::string onnxModelBytes(Model& model, const ModelMetadata& metadata) {
    const onnx::ModelProto proto = buildModel(model, metadata);
    // Protobuf cannot serialize a message past 2 GiB; a model that large must be refused here.
    if (proto.ByteSizeLong() > static_cast<std::size_t>(INT_MAX))
        throw Error("the model is too large for an ONNX file (over 2 GiB of weights)");
    try {
        onnx::checker::check_model(proto);
    } catch (const std::exception& e) {
        throw Error(std::string("the exported ONNX model fails onnx's checker: ") + e.what());
    }
    std::string bytes;
    if (!proto.SerializeToString(&bytes)) throw Error("the ONNX model could not be serialized");
    return bytes;
}

void exportOnnx(Model& model, const ModelMetadata& metadata, const std::string& path) {
    writeFileAtomically(path, onnxModelBytes(model, metadata));
}

}  // namespace nw
