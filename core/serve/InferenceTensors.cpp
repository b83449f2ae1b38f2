#include "serve/InferenceTensors.h"

#include <set>

#include "io/PredictionInputs.h"
#include "serve/ServeError.h"

namespace nw {
namespace {

const std::set<std::string>& numericDatatypes() {
    static const std::set<std::string> types{"FP16", "FP32", "FP64", "INT8",  "INT16",  "INT32", "INT64",
                                             "UINT8", "UINT16", "UINT32", "UINT64", "BOOL"};
    return types;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::vector<std::int64_t> withBatchDim(const Shape& sample) {
    std::vector<std::int64_t> shape{-1};
    shape.insert(shape.end(), sample.begin(), sample.end());
    return shape;
}

}  // namespace

SampleBatch samplesFromTensor(const TensorInput& input, const InferenceService& service, const ServeOptions& limits) {
    const std::string what = "input '" + input.name + "'";
    if (input.shape.empty()) throw RequestError(400, what + " has no shape; give [batch, ...]");
    std::int64_t elements = 1;
    for (const auto dim : input.shape) {
        if (dim < 0) throw RequestError(400, what + " has a negative dimension in shape " + shapeText(input.shape));
        // Caps the product long before it could overflow.
        if (dim > 0 && elements > (std::int64_t{1} << 40) / dim)
            throw RequestError(400, what + " shape " + shapeText(input.shape) + " is far too large");
        elements *= dim;
    }
    const std::int64_t batch = input.shape[0];
    if (batch > limits.maxBatch)
        throw RequestError(400, what + " holds " + std::to_string(batch) + " samples; this server takes at most " +
                                    std::to_string(limits.maxBatch) + " per request");
    SampleBatch samples;
    samples.count = static_cast<int>(batch);
    const std::size_t features = service.inputSize();

    if (input.datatype == "BYTES") {
        if (static_cast<std::int64_t>(input.bytes.size()) != elements || elements != batch)
            throw RequestError(400, what + " of datatype BYTES must hold one encoded image per sample: shape " +
                                        shapeText(input.shape) + " with " + std::to_string(input.bytes.size()) + " elements");
        samples.values.reserve(features * static_cast<std::size_t>(batch));
        for (std::size_t i = 0; i < input.bytes.size(); ++i) {
            const auto& image = input.bytes[i];
            try {
                const auto values = decodeImageSample(reinterpret_cast<const std::uint8_t*>(image.data()), image.size(),
                                                      service.inputShape(), what + " element " + std::to_string(i));
                samples.values.insert(samples.values.end(), values.begin(), values.end());
            } catch (const FileFormatError& e) {
                throw RequestError(400, e.what());
            }
        }
        return samples;
    }
    if (!numericDatatypes().count(input.datatype))
        throw RequestError(400, what + " has datatype '" + input.datatype +
                                    "'; use FP32 (or another numeric type) for values, BYTES for encoded images");
    if (static_cast<std::int64_t>(input.numbers.size()) != elements)
        throw RequestError(400, what + " has shape " + shapeText(input.shape) + " (" + std::to_string(elements) +
                                    " values) but carries " + std::to_string(input.numbers.size()));
    if (batch > 0 && elements / batch != static_cast<std::int64_t>(features))
        throw RequestError(400, what + " has " + std::to_string(elements / batch) +
                                    " values per sample; the model takes " + std::to_string(features) + " (shape " +
                                    shapeText(servedInputShape(service)) + ")");
    samples.values = input.numbers;
    return samples;
}

TensorOutput runInference(const InferenceService& service, const SampleBatch& samples) {
    TensorOutput output;
    output.name = kServedOutputName;
    output.shape = servedOutputShape(service);
    output.shape[0] = samples.count;
    output.data = service.predict(samples.values, samples.count);
    return output;
}

std::vector<std::int64_t> servedInputShape(const InferenceService& service) { return withBatchDim(service.inputShape()); }
std::vector<std::int64_t> servedOutputShape(const InferenceService& service) {
    return withBatchDim(service.outputShape());
}

}  // namespace nw
