// The Open Inference Protocol (KServe v2) over REST
// (https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/), for a
// model with one input and one output, served as version 1.
#include <cstdint>

#include "serve/InferenceTensors.h"
#include "serve/RequestJson.h"
#include "serve/RestApi.h"
#include "serve/ServeError.h"

namespace nw {
namespace {

using nlohmann::json;

json tensorMetadata(const std::string& name, const std::vector<std::int64_t>& shape) {
    return {{"name", name}, {"datatype", "FP32"}, {"shape", shape}};
}

const json& requiredField(const json& object, const char* field, const std::string& what) {
    const auto found = object.find(field);
    if (found == object.end()) throw RequestError(400, what + " has no \"" + field + "\"");
    return *found;
}

// One JSON input tensor as the protocol-independent TensorInput. BYTES elements are base64
// strings (or {"b64": ...}) of encoded images, since JSON cannot carry raw bytes.
TensorInput tensorFromJson(const json& tensor, std::size_t index) {
    const std::string what = "inputs[" + std::to_string(index) + "]";
    if (!tensor.is_object()) throw RequestError(400, what + " must be an object with name, shape, datatype and data");
    const json& name = requiredField(tensor, "name", what);
    const json& shape = requiredField(tensor, "shape", what);
    const json& datatype = requiredField(tensor, "datatype", what);
    const json& data = requiredField(tensor, "data", what);
    if (!name.is_string() || !datatype.is_string()) throw RequestError(400, what + ": name and datatype must be strings");
    TensorInput input;
    input.name = name.get<std::string>();
    if (input.name != kServedInputName)
        throw RequestError(400, "unknown input '" + input.name + "'; the model's input is '" + kServedInputName + "'");
    input.datatype = datatype.get<std::string>();
    if (!shape.is_array()) throw RequestError(400, what + ": shape must be a list of integers");
    for (const auto& dim : shape) {
        if (!dim.is_number_integer()) throw RequestError(400, what + ": shape must be a list of integers");
        input.shape.push_back(dim.get<std::int64_t>());
    }
    if (input.datatype == "BYTES") {
        const json flat = data.is_array() ? data : json::array({data});
        for (const auto& element : flat) {
            const std::string where = what + " element " + std::to_string(input.bytes.size());
            const json* encoded = &element;
            if (element.is_object() && element.contains("b64")) encoded = &element["b64"];
            if (!encoded->is_string()) throw RequestError(400, where + " must be a base64 string of an encoded image");
            input.bytes.push_back(decodeBase64(encoded->get<std::string>(), where));
        }
    } else {
        appendNumbers(data, input.numbers, what + " data");
    }
    return input;
}

void checkRequestedOutputs(const json& request) {
    const auto outputs = request.find("outputs");
    if (outputs == request.end()) return;
    if (!outputs->is_array()) throw RequestError(400, "\"outputs\" must be a list of {\"name\": ...}");
    for (const auto& wanted : *outputs) {
        const auto name = wanted.is_object() ? wanted.find("name") : wanted.end();
        if (!wanted.is_object() || name == wanted.end() || *name != kServedOutputName)
            throw RequestError(400, "unknown requested output " + wanted.dump() + "; the model's output is '" +
                                        kServedOutputName + "'");
    }
}

}  // namespace

json kserveServerMetadata() {
    return {{"name", "netwright"}, {"version", NETWRIGHT_VERSION}, {"extensions", json::array()}};
}

json kserveModelMetadata(const InferenceService& service) {
    return {{"name", service.name()},
            {"versions", {"1"}},
            {"platform", "netwright"},
            {"inputs", json::array({tensorMetadata(kServedInputName, servedInputShape(service))})},
            {"outputs", json::array({tensorMetadata(kServedOutputName, servedOutputShape(service))})}};
}

json kserveInfer(const InferenceService& service, const json& request, const ServeOptions& limits, int& samplesOut) {
    if (!request.is_object()) throw RequestError(400, "the body must be a JSON object with \"inputs\"");
    const json& inputs = requiredField(request, "inputs", "the request");
    if (!inputs.is_array() || inputs.size() != 1)
        throw RequestError(400, "\"inputs\" must be a list holding the model's one input '" + std::string(kServedInputName) + "'");
    checkRequestedOutputs(request);
    const auto samples = samplesFromTensor(tensorFromJson(inputs[0], 0), service, limits);
    samplesOut = samples.count;
    const auto output = runInference(service, samples);
    json response{{"model_name", service.name()},
                  {"model_version", "1"},
                  {"outputs", json::array({{{"name", output.name}, {"datatype", "FP32"}, {"shape", output.shape}, {"data", output.data}}})}};
    if (const auto id = request.find("id"); id != request.end()) response["id"] = *id;
    return response;
}

}  // namespace nw
