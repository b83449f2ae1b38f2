// The TensorFlow Serving REST API (https://www.tensorflow.org/tfx/serving/api_rest), for a
// model with one input and one output, served as version 1.
#include <cstdint>

#include "serve/InferenceTensors.h"
#include "serve/RequestJson.h"
#include "serve/RestApi.h"
#include "serve/ServeError.h"

namespace nw {
namespace {

using nlohmann::json;

json tensorInfo(const std::string& name, const std::vector<std::int64_t>& shape) {
    json dims = json::array();
    for (const auto size : shape) dims.push_back({{"size", std::to_string(size)}});
    return {{"dtype", "DT_FLOAT"}, {"tensor_shape", {{"dim", dims}, {"unknown_rank", false}}}, {"name", name}};
}

// The input named in an instance object ({"input": ...}), or the value itself.
const json& unwrapNamedInput(const json& value, const std::string& what) {
    if (!value.is_object() || value.contains("b64")) return value;
    if (value.size() != 1 || !value.contains(kServedInputName))
        throw RequestError(400, what + " names inputs the model does not have; its one input is '" +
                                    std::string(kServedInputName) + "'");
    return value[kServedInputName];
}

// One instance (numbers, or {"b64": encoded image}) appended as one sample.
void appendInstance(const InferenceService& service, const json& instance, const std::string& what,
                    SampleBatch& samples) {
    const json& value = unwrapNamedInput(instance, what);
    TensorInput input{kServedInputName, "FP32", {1}, {}, {}};
    if (value.is_object()) {
        const auto found = value.find("b64");
        if (found == value.end() || !found->is_string()) throw RequestError(400, what + ": \"b64\" must be a base64 string");
        input.datatype = "BYTES";
        input.bytes.push_back(decodeBase64(found->get<std::string>(), what));
    } else {
        appendNumbers(value, input.numbers, what);
        input.shape.push_back(static_cast<std::int64_t>(input.numbers.size()));
    }
    ServeOptions one;
    const auto sample = samplesFromTensor(input, service, one);
    samples.values.insert(samples.values.end(), sample.values.begin(), sample.values.end());
    ++samples.count;
}

json rowsOf(const TensorOutput& output, std::size_t width) {
    json rows = json::array();
    for (std::size_t start = 0; start < output.data.size(); start += width)
        rows.push_back(std::vector<float>(output.data.begin() + static_cast<std::ptrdiff_t>(start),
                                          output.data.begin() + static_cast<std::ptrdiff_t>(start + width)));
    return rows;
}

}  // namespace

json tfServingStatus(const InferenceService&) {
    return {{"model_version_status",
             json::array({{{"version", "1"}, {"state", "AVAILABLE"}, {"status", {{"error_code", "OK"}, {"error_message", ""}}}}})}};
}

json tfServingMetadata(const InferenceService& service) {
    const json signature = {{"inputs", {{kServedInputName, tensorInfo(kServedInputName, servedInputShape(service))}}},
                            {"outputs", {{kServedOutputName, tensorInfo(kServedOutputName, servedOutputShape(service))}}},
                            {"method_name", "tensorflow/serving/predict"}};
    return {{"model_spec", {{"name", service.name()}, {"signature_name", ""}, {"version", "1"}}},
            {"metadata", {{"signature_def", {{"signature_def", {{"serving_default", signature}}}}}}}};
}

json tfServingPredict(const InferenceService& service, const json& request, const ServeOptions& limits, int& samplesOut) {
    if (!request.is_object()) throw RequestError(400, "the body must be a JSON object with \"instances\" or \"inputs\"");
    if (request.contains("signature_name") && request["signature_name"] != "serving_default" &&
        request["signature_name"] != "")
        throw RequestError(400, "unknown signature_name " + request["signature_name"].dump() +
                                    "; the model has only \"serving_default\"");
    const bool rows = request.contains("instances");
    if (rows == request.contains("inputs"))
        throw RequestError(400, "give exactly one of \"instances\" (one entry per sample) and \"inputs\" (columnar)");
    const json& batch = rows ? request["instances"] : unwrapNamedInput(request["inputs"], "\"inputs\"");
    if (!batch.is_array()) throw RequestError(400, std::string(rows ? "\"instances\"" : "\"inputs\"") + " must be a list");
    if (static_cast<long long>(batch.size()) > limits.maxBatch)
        throw RequestError(400, "the request holds " + std::to_string(batch.size()) + " samples; this server takes at most " +
                                    std::to_string(limits.maxBatch));
    SampleBatch samples;
    samples.values.reserve(batch.size() * service.inputSize());
    for (std::size_t i = 0; i < batch.size(); ++i)
        appendInstance(service, batch[i], (rows ? "instance " : "input sample ") + std::to_string(i), samples);
    samplesOut = samples.count;
    const auto output = runInference(service, samples);
    return {{rows ? "predictions" : "outputs", rowsOf(output, service.outputSize())}};
}

}  // namespace nw
