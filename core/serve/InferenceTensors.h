#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "serve/InferenceService.h"
#include "serve/ServeOptions.h"

namespace nw {

// Protocol-independent view of one input tensor of an Open Inference Protocol (KServe v2)
// request, as both the REST and the gRPC front ends receive it.
struct TensorInput {
    std::string name;
    std::string datatype;                // "FP32", "FP64", "INT32", "UINT8", ..., "BYTES"
    std::vector<std::int64_t> shape;     // [batch, ...]
    std::vector<float> numbers;          // numeric datatypes, row-major
    std::vector<std::string> bytes;      // BYTES: one encoded image (PNG, JPEG, BMP) per sample
};

// Samples ready for InferenceService::predict.
struct SampleBatch {
    std::vector<float> values;  // count × inputSize raw values
    int count = 0;
};

// Checks the tensor against the model (element count per sample, batch, datatype) and turns
// it into samples; BYTES elements are decoded as images like `netwright-cli predict` reads
// image files. Throws RequestError(400) naming the tensor and what does not fit.
SampleBatch samplesFromTensor(const TensorInput& input, const InferenceService& service, const ServeOptions& limits);

// The output tensor the service answers with: shape [batch, outputs...], FP32.
struct TensorOutput {
    std::string name = "output";
    std::vector<std::int64_t> shape;
    std::vector<float> data;
};
TensorOutput runInference(const InferenceService& service, const SampleBatch& samples);

// The model's input and output as the protocols describe them: [-1, dims...].
std::vector<std::int64_t> servedInputShape(const InferenceService& service);
std::vector<std::int64_t> servedOutputShape(const InferenceService& service);
constexpr const char* kServedInputName = "input";
constexpr const char* kServedOutputName = "output";

}  // namespace nw
