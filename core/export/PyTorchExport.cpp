#include "export/PyTorchExport.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "common/Error.h"
#include "export/PyTorchScriptTemplate.h"
#include "export/PythonLiterals.h"
#include "io/AtomicFile.h"
#include "nn/layers/Conv2DLayer.h"
#include "nn/Loss.h"

namespace nw {
namespace fs = std::filesystem;
using nlohmann::json;

static_assert(std::endian::native == std::endian::little, "safetensors stores little-endian floats");

namespace {

// ---- The network, layer by layer ------------------------------------------------------

// One tensor of the weights file, in PyTorch's name and layout.
struct WeightTensor {
    std::string name;
    std::vector<int> shape;
    std::vector<float> values;
};

struct Submodule {
    std::string attribute;
    std::string constructor;
};

// One Netwright layer as PyTorch code.
struct LayerCode {
    std::string comment;
    std::vector<Submodule> modules;            // applied in this order by forward()
    std::optional<Submodule> outputActivation;  // the last layer's activation, kept out of forward()
    std::vector<std::string> initialization;   // lines of Net.initialize()
    std::vector<WeightTensor> weights;
    bool needsAvgPoolSame = false;
};

// The zero (or -inf) border a "same" window needs on each side; TensorFlow's rule puts an
// odd pixel at the bottom/right, which PyTorch's symmetric `padding` cannot express.
struct Margins {
    int top = 0, bottom = 0, left = 0, right = 0;
    bool even() const { return top == bottom && left == right; }
    bool none() const { return top == 0 && bottom == 0 && left == 0 && right == 0; }
    std::string leftRightTopBottom() const { return pyTuple({left, right, top, bottom}); }
};

Margins marginsFor(const Shape& input, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
    auto axis = [&](int size, int kernel, int stride, int& before, int& after) {
        const AxisGeometry g = axisGeometry(size, kernel, stride, padding);
        const int total = padding == Padding::Same ? std::max((g.output - 1) * stride + kernel - size, 0) : 0;
        before = g.padBefore;
        after = total - g.padBefore;
    };
    Margins m;
    axis(input[1], kernelH, strideH, m.top, m.bottom);
    axis(input[2], kernelW, strideW, m.left, m.right);
    return m;
}

std::string activationConstructor(const Activation& activation, const Shape& shape) {
    switch (activation.kind) {
    case ActivationKind::ReLU: return "nn.ReLU()";
    case ActivationKind::LeakyReLU: return "nn.LeakyReLU(" + pyFloat(activation.alpha) + ")";
    case ActivationKind::Sigmoid: return "nn.Sigmoid()";
    case ActivationKind::Tanh: return "nn.Tanh()";
    case ActivationKind::Softmax:
        // Netwright's softmax normalises over all of a sample's values, images included.
        if (shape.size() == 1) return "nn.Softmax(dim=1)";
        return "nn.Sequential(nn.Flatten(), nn.Softmax(dim=1), nn.Unflatten(1, " + pyTuple(shape) + "))";
    case ActivationKind::Linear: break;
    }
    return "nn.Identity()";
}

std::string activationLabel(const Activation& activation) {
    if (activation.kind == ActivationKind::LeakyReLU) return "leaky_relu " + pyFloat(activation.alpha);
    return activation.name();
}

// The layer's activation as a submodule: into forward(), or kept for predict() and the loss
// when this is the last layer.
void addActivation(LayerCode& code, const Activation& activation, const Shape& shape, std::size_t number, bool last) {
    if (activation.isLinear()) return;
    Submodule module{activation.name() + std::to_string(number), activationConstructor(activation, shape)};
    if (last) {
        module.attribute = "output_activation";
        code.outputActivation = module;
    } else {
        code.modules.push_back(std::move(module));
    }
}

const Tensor& tensorNamed(Layer& layer, const std::string& name) {
    for (const auto& p : layer.parameters())
        if (p.name == name) return *p.value;
    for (const auto& s : layer.stateTensors())
        if (s.name == name) return *s.value;
    throw Error("layer " + layer.type() + " has no tensor '" + name + "'");
}

WeightTensor copied(const std::string& name, const Tensor& tensor) {
    return {name, tensor.dims(), std::vector<float>(tensor.data(), tensor.data() + tensor.size())};
}

std::string initializerCall(const std::string& initializer, const std::string& weight) {
    if (initializer == "glorot_normal") return "nn.init.xavier_normal_(" + weight + ")";
    if (initializer == "he_uniform") return "nn.init.kaiming_uniform_(" + weight + ", nonlinearity=\"relu\")";
    if (initializer == "he_normal") return "nn.init.kaiming_normal_(" + weight + ", nonlinearity=\"relu\")";
    return "nn.init.xavier_uniform_(" + weight + ")";
}

// Dense and conv2d: the weights, their initialisation (PyTorch's fans are Netwright's), a bias.
void addWeights(LayerCode& code, Layer& layer, const json& config, const std::string& attribute, WeightTensor weights) {
    code.initialization.push_back(
        initializerCall(config.value("initializer", std::string("glorot_uniform")), "self." + attribute + ".weight"));
    code.weights.push_back(std::move(weights));
    if (!config.value("use_bias", true)) return;
    code.initialization.push_back("nn.init.zeros_(self." + attribute + ".bias)");
    code.weights.push_back(copied(attribute + ".bias", tensorNamed(layer, "bias")));
}

void translateDense(LayerCode& code, Layer& layer, const json& config, std::size_t number) {
    const std::string attribute = "dense" + std::to_string(number);
    const int inputs = layer.inputShape()[0], units = config["units"].get<int>();
    const bool bias = config.value("use_bias", true);
    code.modules.push_back({attribute, "nn.Linear(" + std::to_string(inputs) + ", " + std::to_string(units) +
                                           (bias ? "" : ", bias=False") + ")"});
    // Netwright keeps (inputs, units) for x W; nn.Linear keeps (units, inputs) for x W^T.
    const Tensor& w = tensorNamed(layer, "weights");
    WeightTensor weights{attribute + ".weight", {units, inputs}, std::vector<float>(w.size())};
    for (int i = 0; i < inputs; ++i)
        for (int u = 0; u < units; ++u)
            weights.values[static_cast<std::size_t>(u) * inputs + i] = w[static_cast<std::size_t>(i) * units + u];
    addWeights(code, layer, config, attribute, std::move(weights));
}

void translateConv(LayerCode& code, Layer& layer, const json& config, std::size_t number) {
    const std::string attribute = "conv" + std::to_string(number);
    const Shape& input = layer.inputShape();
    const int filters = config["filters"].get<int>();
    const int kh = config["kernel_size"][0].get<int>(), kw = config["kernel_size"][1].get<int>();
    const int sh = config["strides"][0].get<int>(), sw = config["strides"][1].get<int>();
    const Margins margins = marginsFor(input, kh, kw, sh, sw, paddingFromName(config["padding"].get<std::string>()));
    std::string padding;
    if (!margins.even()) {
        code.modules.push_back({"pad" + std::to_string(number), "nn.ZeroPad2d(" + margins.leftRightTopBottom() + ")"});
    } else if (!margins.none()) {
        padding = ", padding=" + pyPair(margins.top, margins.left);
    }
    const std::string stride = sh == 1 && sw == 1 ? "" : ", stride=" + pyPair(sh, sw);
    code.modules.push_back({attribute, "nn.Conv2d(" + std::to_string(input[0]) + ", " + std::to_string(filters) +
                                           ", kernel_size=" + pyPair(kh, kw) + stride + padding +
                                           (config.value("use_bias", true) ? "" : ", bias=False") + ")"});
    // (filters, channels, kernelH, kernelW) in both, and both cross-correlate.
    addWeights(code, layer, config, attribute, copied(attribute + ".weight", tensorNamed(layer, "weights")));
}

void translatePool(LayerCode& code, Layer& layer, const json& config, std::size_t number) {
    const bool max = layer.type() == "maxpool2d";
    const std::string attribute = (max ? "maxpool" : "avgpool") + std::to_string(number);
    const int ph = config["pool_size"][0].get<int>(), pw = config["pool_size"][1].get<int>();
    const int sh = config["strides"][0].get<int>(), sw = config["strides"][1].get<int>();
    const Margins margins =
        marginsFor(layer.inputShape(), ph, pw, sh, sw, paddingFromName(config["padding"].get<std::string>()));
    const std::string window = pyPair(ph, pw) + ", stride=" + pyPair(sh, sw);
    if (max) {
        // A -inf border never wins a window, exactly as Netwright's windows skip the padding.
        if (!margins.even())
            code.modules.push_back({"pad" + std::to_string(number),
                                    "nn.ConstantPad2d(" + margins.leftRightTopBottom() + ", float(\"-inf\"))"});
        const std::string padding = margins.even() && !margins.none() ? ", padding=" + pyPair(margins.top, margins.left) : "";
        code.modules.push_back({attribute, "nn.MaxPool2d(" + window + padding + ")"});
        return;
    }
    // Netwright averages over the real pixels of a window, never over padding.
    if (margins.none()) {
        code.modules.push_back({attribute, "nn.AvgPool2d(" + window + ")"});
    } else if (margins.even()) {
        code.modules.push_back({attribute, "nn.AvgPool2d(" + window + ", padding=" + pyPair(margins.top, margins.left) +
                                               ", count_include_pad=False)"});
    } else {
        code.modules.push_back({attribute, "AvgPool2dSame(" + window.substr(0, window.find(',')) + ", " + pyPair(sh, sw) +
                                               ", " + margins.leftRightTopBottom() + ")"});
        code.needsAvgPoolSame = true;
    }
}

void translateBatchNorm(LayerCode& code, Layer& layer, const json& config, std::size_t number) {
    const std::string attribute = "batchnorm" + std::to_string(number);
    const Shape& input = layer.inputShape();
    // Netwright (like Keras) keeps running = m * running + (1 - m) * batch; PyTorch's momentum
    // is the weight of the batch, 1 - m. Both normalise with the biased batch variance and
    // keep the unbiased one, with epsilon inside the square root.
    const double momentum = 1.0 - std::strtod(pyFloat(config["momentum"].get<double>()).c_str(), nullptr);
    code.modules.push_back({attribute, std::string(input.size() == 1 ? "nn.BatchNorm1d(" : "nn.BatchNorm2d(") +
                                           std::to_string(input[0]) + ", eps=" + pyFloat(config["epsilon"].get<double>()) +
                                           ", momentum=" + pyFloat(momentum) + ")"});
    code.weights.push_back(copied(attribute + ".weight", tensorNamed(layer, "gamma")));
    code.weights.push_back(copied(attribute + ".bias", tensorNamed(layer, "beta")));
    code.weights.push_back(copied(attribute + ".running_mean", tensorNamed(layer, "running_mean")));
    code.weights.push_back(copied(attribute + ".running_var", tensorNamed(layer, "running_variance")));
}

std::string layerDescription(Layer& layer, const json& config) {
    const std::string type = layer.type();
    const std::string activation =
        layer.outputActivation().isLinear() ? "" : " " + activationLabel(layer.outputActivation());
    auto pair = [&](const char* key) {
        return std::to_string(config[key][0].get<int>()) + "x" + std::to_string(config[key][1].get<int>());
    };
    if (type == "dense") return "dense " + std::to_string(config["units"].get<int>()) + activation;
    if (type == "conv2d")
        return "conv2d " + std::to_string(config["filters"].get<int>()) + " " + pair("kernel_size") + " stride " +
               pair("strides") + " " + config["padding"].get<std::string>() + activation;
    if (type == "maxpool2d" || type == "avgpool2d")
        return type + " " + pair("pool_size") + " stride " + pair("strides") + " " + config["padding"].get<std::string>();
    if (type == "batchnorm")
        return "batchnorm momentum " + pyFloat(config["momentum"].get<double>()) + " epsilon " +
               pyFloat(config["epsilon"].get<double>());
    if (type == "dropout") return "dropout " + pyFloat(config["rate"].get<double>());
    if (type == "flatten") return type;
    return activationLabel(layer.outputActivation());
}

bool isActivationLayer(const std::string& type) {
    return type == "relu" || type == "leaky_relu" || type == "sigmoid" || type == "tanh" || type == "softmax";
}

// `number` is Netwright's 1-based layer number, so "layer 3" means the same in both.
LayerCode translateLayer(Layer& layer, std::size_t number, bool last) {
    const json config = layer.config();
    const std::string type = layer.type();
    LayerCode code;
    code.comment = "layer " + std::to_string(number) + ": " + layerDescription(layer, config) + "; " +
                   shapeToString(layer.inputShape()) + " -> " + shapeToString(layer.builtOutputShape());
    if (type == "dense") translateDense(code, layer, config, number);
    else if (type == "conv2d") translateConv(code, layer, config, number);
    else if (type == "maxpool2d" || type == "avgpool2d") translatePool(code, layer, config, number);
    else if (type == "batchnorm") translateBatchNorm(code, layer, config, number);
    else if (type == "dropout")  // inverted dropout in both: inference is the identity
        code.modules.push_back({"dropout" + std::to_string(number), "nn.Dropout(p=" + pyFloat(config["rate"].get<double>()) + ")"});
    else if (type == "flatten")  // channels, rows, columns: the same order in both
        code.modules.push_back({"flatten" + std::to_string(number), "nn.Flatten()"});
    else if (!isActivationLayer(type))
        throw ModelError("layer " + std::to_string(number) + " (" + type + ") has no PyTorch equivalent in the exporter");
    addActivation(code, layer.outputActivation(), layer.builtOutputShape(), number, last);
    return code;
}

// ---- The script -----------------------------------------------------------------------

std::string section(const std::string& title) {
    const std::string rule = "# " + std::string(88, '-') + "\n";
    return "\n" + rule + "# " + title + "\n" + rule + "\n";
}

std::string lossMethod(const std::string& loss, const Activation& output) {
    std::string doc, body;
    if (loss == "cross_entropy" && output.kind == ActivationKind::Softmax) {
        doc = "Cross-entropy of the softmax outputs, computed from the logits: fused as Netwright\n"
              "        fuses them, so the gradient is softmax(logits) - one_hot(targets) over the batch.";
        body = "return F.cross_entropy(logits, targets.long())";
    } else if (loss == "cross_entropy") {
        doc = "Cross-entropy of the outputs taken as probabilities, clipped at 1e-7 as Netwright does.";
        body = "probabilities = self.output_activation(logits).flatten(1)\n"
               "        return F.nll_loss(torch.log(probabilities.clamp_min(1e-7)), targets.long())";
    } else if (loss == "binary_cross_entropy" && output.kind == ActivationKind::Sigmoid) {
        doc = "Binary cross-entropy of the sigmoid output, computed from the logit: fused as Netwright\n"
              "        fuses them, so the gradient is sigmoid(logit) - target over the batch.";
        body = "return F.binary_cross_entropy_with_logits(logits, targets.float().view_as(logits))";
    } else if (loss == "binary_cross_entropy") {
        doc = "Binary cross-entropy of the outputs taken as probabilities, clipped as Netwright does.";
        body = "probabilities = self.output_activation(logits).clamp(1e-7, 1 - 1e-7)\n"
               "        return F.binary_cross_entropy(probabilities, targets.float().view_as(probabilities))";
    } else {
        doc = "Mean squared error of the outputs over every value of the batch.";
        body = "outputs = self.output_activation(logits)\n"
               "        return F.mse_loss(outputs, targets.float().view_as(outputs))";
    }
    return "    def loss(self, logits, targets):\n        \"\"\"" + doc + "\"\"\"\n        " + body + "\n";
}

// The Net class, and what goes with it: the weights in its layout, and whether it needs the
// helper class for uneven average pooling.
struct NetCode {
    std::string text;
    std::vector<WeightTensor> weights;
    bool needsAvgPoolSame = false;
};

NetCode netClass(Model& model, const ModelMetadata& metadata) {
    NetCode net;
    std::vector<LayerCode> layers;
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        try {
            layers.push_back(translateLayer(model.layer(i), i + 1, i + 1 == model.layerCount()));
        } catch (const ModelError&) {
            throw;  // already names the layer
        } catch (const std::exception& e) {  // a layer whose config lacks what its type promises
            throw ModelError(layerLabel(i, model.layer(i).type()) + ": " + e.what());
        }
    }
    const Activation output = model.outputActivation();
    const auto& outputModule = layers.back().outputActivation;

    std::string init, forward, initialization;
    for (auto& layer : layers) {
        init += "        # " + layer.comment + "\n";
        for (const auto& m : layer.modules) {
            init += "        self." + m.attribute + " = " + m.constructor + "\n";
            forward += "        x = self." + m.attribute + "(x)\n";
        }
        for (const auto& line : layer.initialization) initialization += "        " + line + "\n";
        for (auto& w : layer.weights) net.weights.push_back(std::move(w));
        net.needsAvgPoolSame = net.needsAvgPoolSame || layer.needsAvgPoolSame;
    }
    if (outputModule) {
        init += "        # The last layer's " + output.name() + " is applied by predict() and the loss, not by forward().\n";
        init += "        self.output_activation = " + outputModule->constructor + "\n";
    } else {
        init += "        # The last layer has no activation: the outputs are used as they are.\n";
        init += "        self.output_activation = nn.Identity()\n";
    }
    if (initialization.empty()) initialization = "        pass  # no layer with weights to draw\n";

    std::string out = section("The network");
    out += "class Net(nn.Module):\n";
    out += "    \"\"\"" + docText(model.name()) + " as Netwright builds it, layer by layer. forward() takes normalised inputs\n";
    out += outputModule ? "    and returns the outputs before the final " + output.name() + " (the logits a loss wants);\n"
                        : std::string("    and returns the outputs;\n");
    out += "    predict() takes raw inputs and returns what Netwright's predict returns.\"\"\"\n\n";
    out += "    def __init__(self):\n        super().__init__()\n" + init + "\n";
    out += "    def forward(self, x):\n" + forward + "        return x\n\n";
    out += "    def predict(self, raw):\n";
    out += "        \"\"\"Raw inputs (N, *INPUT_SHAPE) -> " +
           std::string(metadata.task == Task::Classification ? "class probabilities" : "predictions") +
           ", as Netwright's predict computes them.\"\"\"\n";
    out += "        return self.output_activation(self(normalize(raw)))\n\n";
    out += lossMethod(makeLoss(metadata.training.loss)->name(), output) + "\n";
    out += "    def initialize(self):\n";
    out += "        \"\"\"Fresh weights drawn as Netwright draws them: each layer's initializer, zero biases.\"\"\"\n";
    out += initialization;
    net.text = std::move(out);
    return net;
}

std::string optimizerFunction(const OptimizerSettings& settings) {
    std::string doc, call;
    if (settings.kind == "sgd") {
        doc = "SGD as Netwright runs it: v = momentum * v + g, a step along v (or g + momentum * v with\n"
              "    Nesterov), weight decay added to the gradient. PyTorch refuses Nesterov without momentum,\n"
              "    where Netwright takes plain steps.";
        call = "torch.optim.SGD(parameters, lr=lr, momentum=o[\"momentum\"], nesterov=o[\"nesterov\"] and o[\"momentum\"] > 0,\n"
               "                           weight_decay=o[\"weight_decay\"])";
    } else if (settings.kind == "rmsprop") {
        doc = "RMSprop as Netwright runs it: a running mean of squared gradients with decay rho, weight\n"
              "    decay added to the gradient.";
        call = "torch.optim.RMSprop(parameters, lr=lr, alpha=o[\"rho\"], eps=o[\"epsilon\"], weight_decay=o[\"weight_decay\"])";
    } else {
        doc = "Adam as Netwright runs it, which is PyTorch's update with bias correction (weight decay\n"
              "    is L2 added to the gradient, not AdamW's).";
        call = "torch.optim.Adam(parameters, lr=lr, betas=(o[\"beta1\"], o[\"beta2\"]), eps=o[\"epsilon\"],\n"
               "                            weight_decay=o[\"weight_decay\"])";
    }
    return "\n\ndef make_optimizer(parameters):\n    \"\"\"" + doc +
           " learning_rate() sets the rate every batch.\"\"\"\n"
           "    o, lr = TRAINING[\"optimizer\"], TRAINING[\"schedule\"][\"base_rate\"]\n"
           "    return " + call + "\n";
}

std::string scheduleFunction(const LearningRateSchedule& schedule) {
    std::string out = "\n\ndef learning_rate(progress, epochs):\n";
    out += "    \"\"\"The rate `progress` epochs into a run of `epochs`; fractional, as Netwright sets it every batch.\"\"\"\n";
    out += "    s = TRAINING[\"schedule\"]\n";
    if (schedule.kind == "step") {
        out += "    # step: times gamma every step_epochs epochs\n";
        out += "    return s[\"base_rate\"] * s[\"gamma\"] ** math.floor(progress / s[\"step_epochs\"])\n";
    } else if (schedule.kind == "cosine") {
        out += "    # cosine: from base_rate down to min_rate over the whole run\n";
        out += "    t = min(max(progress / epochs, 0.0), 1.0)\n";
        out += "    return s[\"min_rate\"] + (s[\"base_rate\"] - s[\"min_rate\"]) * 0.5 * (1 + math.cos(math.pi * t))\n";
    } else {
        out += "    return s[\"base_rate\"]  # constant\n";
    }
    return out;
}

// An optimizer's or schedule's settings with "kind" first: what it is, then how it is set.
LiteralJson kindFirst(const json& settings) {
    LiteralJson ordered{{"kind", settings.at("kind")}};
    for (const auto& [key, value] : settings.items())
        if (key != "kind") ordered[key] = value;
    return ordered;
}

std::string trainingConstant(const TrainingConfig& config) {
    json schedule = config.schedule.toJson();
    schedule.erase("total_epochs");  // cosine anneals over the epochs being run, as in Netwright
    std::string out = "# The run that trained the model; `train` repeats it (its flags override some of it).\n";
    if (config.augmentation.enabled())
        out += "# Netwright also augmented the training images (" + config.augmentation.toJson().dump() +
               "); this loop does not.\n";
    out += "TRAINING = {\n";
    auto entry = [&](const std::string& key, const LiteralJson& value) {
        out += "    " + pyString(key) + ": " + pyLiteral(value, 4, 8 + key.size()) + ",\n";
    };
    entry("loss", makeLoss(config.loss)->name());
    entry("optimizer", kindFirst(config.optimizer.toJson()));
    entry("schedule", kindFirst(schedule));
    entry("batch_size", config.batchSize);
    entry("epochs", config.epochs);
    entry("validation_split", config.validationSplit);
    entry("seed", config.seed);
    return out + "}\n";
}

std::string scriptHeader(Model& model, const ModelMetadata& metadata, const std::string& scriptName,
                         const std::string& weightsName) {
    const std::string script = docText(scriptName);
    const bool classification = metadata.task == Task::Classification;
    const std::string task = classification ? "classification, " + std::to_string(metadata.classNames.size()) + " classes"
                                            : "regression, " + std::to_string(metadata.outputs) + " output(s)";
    std::vector<std::pair<std::string, std::string>> usage;
    if (metadata.tabularSchema.is_null()) {
        usage.emplace_back("python3 " + script + " predict --mnist-test 10", "the first 10 test images, a JSON line each");
        usage.emplace_back("python3 " + script + " predict samples.csv", "one raw sample per row");
    } else {
        usage.emplace_back("python3 " + script + " predict rows.csv", "rows with the training columns, a JSON line each");
    }
    usage.emplace_back("python3 " + script + " evaluate", std::string("loss and ") + (classification ? "accuracy" : "R²") + " on the test data");
    usage.emplace_back("python3 " + script + " train", "Netwright's training run, in PyTorch");
    usage.emplace_back("torchrun --nproc_per_node=4 " + script + " train", "the same run over 4 processes (GPUs if any)");
    std::size_t column = 0;
    for (const auto& [command, what] : usage) column = std::max(column, command.size() + 2);

    std::string out = "#!/usr/bin/env python3\n\"\"\"" + docText(model.name()) +
                      ": a network designed and trained in Netwright, as a PyTorch program.\n\n";
    out += "Trained on " + docText(metadata.dataset) + " (" + task + "); input " + shapeToString(model.inputShape()) +
           "; " + grouped(model.parameterCount()) + " parameters.\n";
    out += "Weights: " + docText(weightsName) + " beside this file, the module's state_dict in the\n"
           "safetensors layout (read here with json and torch alone).\n\n";
    for (auto [command, what] : usage) {
        command.resize(column, ' ');
        out += "    " + command + what + "\n";
    }
    out += "\nThe data defaults to where Netwright keeps '" + docText(metadata.dataset) +
           "' (data/); pass --data DIR (IDX files) or\n--data FILE.csv. Needs PyTorch (with numpy) and nothing else. "
           "torchrun of PyTorch 1.13 on\nPython 3.11 (Debian 12) cannot parse its own default --redirects; "
           "add --redirects 2 --tee 2 there.\n\"\"\"\n";
    return out;
}

std::string constants(Model& model, const ModelMetadata& metadata) {
    std::string out = section("What Netwright knows about the model");
    out += pyAssignment("MODEL_NAME", model.name());
    out += "DATASET = " + pyString(metadata.dataset) + "  # the set it was trained on: what --data defaults to\n";
    out += pyAssignment("TASK", metadata.task == Task::Classification ? "classification" : "regression");
    out += pyAssignment("CLASS_NAMES", metadata.classNames);
    out += "INPUT_SHAPE = " + pyTuple(model.inputShape()) + "  # one sample, channels first\n";
    out += "# For a model trained on a CSV file: how its raw columns become the network's input features.\n";
    out += pyAssignment("TABULAR_SCHEMA", metadata.tabularSchema);
    out += "\n# Raw inputs are normalised before the network sees them, x' = (x - offset) * scale: one pair\n"
           "# for every value or one per feature, fitted by Netwright on its training split.\n";
    out += pyAssignment("NORMALIZATION_OFFSET", metadata.normalization.offset);
    out += pyAssignment("NORMALIZATION_SCALE", metadata.normalization.scale);
    out += "\n" + trainingConstant(metadata.training);
    out += "\nWEIGHTS_FILE = Path(__file__).with_suffix(\".safetensors\")\n";
    return out;
}

std::string script(Model& model, const ModelMetadata& metadata, const NetCode& net, const fs::path& scriptPath,
                   const fs::path& weightsPath) {
    std::string out = scriptHeader(model, metadata, scriptPath.filename().string(), weightsPath.filename().string());
    out += "\n" + std::string(pytorch::kScriptImports);
    out += constants(model, metadata);
    if (net.needsAvgPoolSame) out += pytorch::kAvgPoolSameClass;
    out += "\n" + net.text;
    out += optimizerFunction(metadata.training.optimizer);
    out += scheduleFunction(metadata.training.schedule);
    out += pytorch::kScriptRuntime;
    return out;
}

// The safetensors layout: the header's byte length (u64, little-endian), the JSON header
// padded with spaces to a multiple of 8 so the data is aligned, then the raw floats.
std::string safetensorsBytes(const std::vector<WeightTensor>& tensors) {
    nlohmann::ordered_json header;  // tensors listed in file order
    header["__metadata__"] = {{"format", "pt"}, {"producer", "netwright"}};
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        const std::uint64_t size = t.values.size() * sizeof(float);
        header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + size}}};
        offset += size;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string bytes(8, '\0');
    const std::uint64_t length = text.size();
    std::memcpy(bytes.data(), &length, sizeof length);
    bytes.reserve(8 + text.size() + offset);
    bytes += text;
    for (const auto& t : tensors)
        bytes.append(reinterpret_cast<const char*>(t.values.data()), t.values.size() * sizeof(float));
    return bytes;
}

}  // namespace

PyTorchExportFiles exportPyTorch(Model& model, const ModelMetadata& metadata, const std::string& scriptPath) {
    const fs::path scriptFile(scriptPath);
    fs::path weightsFile = scriptFile;
    weightsFile.replace_extension(".safetensors");
    if (scriptFile.filename().empty() || weightsFile == scriptFile)
        throw FileFormatError(scriptPath, "the script needs a file name other than NAME.safetensors (e.g. model.py)");
    const NetCode net = netClass(model, metadata);
    // The script first: if the place cannot be written, the error names the path asked for.
    writeFileAtomically(scriptFile.string(), script(model, metadata, net, scriptFile, weightsFile));
    writeFileAtomically(weightsFile.string(), safetensorsBytes(net.weights));
    return {scriptFile.string(), weightsFile.string()};
}

}  // namespace nw
