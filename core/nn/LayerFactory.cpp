#include "nn/LayerFactory.h"

#include "common/Error.h"
#include "nn/layers/ActivationLayer.h"
#include "nn/layers/BatchNormLayer.h"
#include "nn/layers/Conv2DLayer.h"
#include "nn/layers/DenseLayer.h"
#include "nn/layers/DropoutLayer.h"
#include "nn/layers/FlattenLayer.h"
#include "nn/layers/Pool2DLayer.h"

namespace nw {
namespace {

using nlohmann::json;

int positiveInt(const json& entry, const char* key, std::optional<int> fallback = std::nullopt) {
    if (!entry.contains(key)) {
        if (fallback) return *fallback;
        throw ModelError(std::string("missing '") + key + "'");
    }
    const json& v = entry[key];
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1'000'000)
        throw ModelError(std::string("'") + key + "' must be a positive integer, got " + v.dump());
    return v.get<int>();
}

// Accepts 3 or [3, 3].
std::pair<int, int> positivePair(const json& entry, const char* key, std::optional<std::pair<int, int>> fallback) {
    if (!entry.contains(key)) {
        if (fallback) return *fallback;
        throw ModelError(std::string("missing '") + key + "'");
    }
    const json& v = entry[key];
    auto check = [&](const json& x) {
        if (!x.is_number_integer() || x.get<long long>() < 1 || x.get<long long>() > 100'000)
            throw ModelError(std::string("'") + key + "' must be a positive integer or a pair of them, got " + v.dump());
        return x.get<int>();
    };
    if (v.is_array()) {
        if (v.size() != 2) throw ModelError(std::string("'") + key + "' must have two entries, got " + v.dump());
        return {check(v[0]), check(v[1])};
    }
    const int n = check(v);
    return {n, n};
}

std::string text(const json& entry, const char* key, const std::string& fallback) {
    if (!entry.contains(key)) return fallback;
    if (!entry[key].is_string()) throw ModelError(std::string("'") + key + "' must be a string, got " + entry[key].dump());
    return entry[key].get<std::string>();
}

float number(const json& entry, const char* key, float fallback) {
    if (!entry.contains(key)) return fallback;
    if (!entry[key].is_number()) throw ModelError(std::string("'") + key + "' must be a number, got " + entry[key].dump());
    return entry[key].get<float>();
}

bool flag(const json& entry, const char* key, bool fallback) {
    if (!entry.contains(key)) return fallback;
    if (!entry[key].is_boolean()) throw ModelError(std::string("'") + key + "' must be true or false, got " + entry[key].dump());
    return entry[key].get<bool>();
}

Activation activationOf(const json& entry) {
    return activationFromName(text(entry, "activation", "linear"), number(entry, "alpha", 0.01f));
}

}  // namespace

const std::vector<std::string>& layerTypes() {
    static const std::vector<std::string> types{"dense",   "conv2d",     "maxpool2d", "avgpool2d", "flatten",
                                                "dropout", "batchnorm",  "relu",      "leaky_relu", "sigmoid",
                                                "tanh",    "softmax"};
    return types;
}

std::unique_ptr<Layer> makeLayer(const json& entry) {
    if (!entry.is_object()) throw ModelError("a layer must be a JSON object, got " + entry.dump());
    if (!entry.contains("type") || !entry["type"].is_string()) throw ModelError("missing \"type\"");
    const std::string type = entry["type"].get<std::string>();
    if (type == "dense")
        return std::make_unique<DenseLayer>(positiveInt(entry, "units"), activationOf(entry), flag(entry, "use_bias", true),
                                            initializerFromName(text(entry, "initializer", "glorot_uniform")));
    if (type == "conv2d") {
        const auto kernel = positivePair(entry, "kernel_size", std::nullopt);
        const auto strides = positivePair(entry, "strides", std::pair{1, 1});
        return std::make_unique<Conv2DLayer>(positiveInt(entry, "filters"), kernel.first, kernel.second, strides.first,
                                             strides.second, paddingFromName(text(entry, "padding", "valid")),
                                             activationOf(entry), flag(entry, "use_bias", true),
                                             initializerFromName(text(entry, "initializer", "glorot_uniform")));
    }
    if (type == "maxpool2d" || type == "avgpool2d") {
        const auto pool = positivePair(entry, "pool_size", std::pair{2, 2});
        const auto strides = positivePair(entry, "strides", pool);
        return std::make_unique<Pool2DLayer>(type == "maxpool2d" ? PoolMode::Max : PoolMode::Average, pool.first,
                                             pool.second, strides.first, strides.second,
                                             paddingFromName(text(entry, "padding", "valid")));
    }
    if (type == "flatten") return std::make_unique<FlattenLayer>();
    if (type == "dropout") return std::make_unique<DropoutLayer>(number(entry, "rate", 0.5f));
    if (type == "batchnorm")
        return std::make_unique<BatchNormLayer>(number(entry, "momentum", 0.99f), number(entry, "epsilon", 1e-3f));
    if (type == "relu" || type == "leaky_relu" || type == "sigmoid" || type == "tanh" || type == "softmax")
        return std::make_unique<ActivationLayer>(activationFromName(type, number(entry, "alpha", 0.01f)));
    std::string known;
    for (const auto& t : layerTypes()) known += (known.empty() ? "" : ", ") + t;
    throw ModelError("unknown layer type '" + type + "' (known: " + known + ")");
}

}  // namespace nw
