#include "train/Evaluation.h"

#include "common/Error.h"

namespace nw {
namespace {
constexpr std::size_t kChunk = 500;
}

Metrics evaluateModel(Model& model, const SampleSet& samples, const Normalization& normalization, Task task,
                      const Loss& loss, const std::vector<std::size_t>* indices) {
    if (samples.sampleShape() != model.inputShape())
        throw Error("the model takes samples of shape " + shapeToString(model.inputShape()) + " but the data has " +
                    shapeToString(samples.sampleShape()));
    MetricsAccumulator metrics(task == Task::Classification);
    Tensor x, y;
    std::vector<std::size_t> chunk;
    const std::size_t total = indices ? indices->size() : samples.size();
    for (std::size_t start = 0; start < total; start += kChunk) {
        const std::size_t n = std::min(kChunk, total - start);
        chunk.resize(n);
        for (std::size_t i = 0; i < n; ++i) chunk[i] = indices ? (*indices)[start + i] : start + i;
        samples.gather(chunk, normalization, x, y);
        const Tensor& out = model.forward(x, false);
        metrics.add(out, y, loss.value(out, y));
    }
    return metrics.result();
}

std::vector<std::vector<float>> predictRaw(Model& model, const std::vector<std::vector<float>>& samples,
                                           const Normalization& normalization) {
    const std::size_t features = shapeSize(model.inputShape());
    std::vector<std::vector<float>> outputs;
    Tensor x;
    for (std::size_t start = 0; start < samples.size(); start += kChunk) {
        const std::size_t n = std::min(kChunk, samples.size() - start);
        x.resizeBatch(static_cast<int>(n), model.inputShape());
        for (std::size_t i = 0; i < n; ++i) {
            if (samples[start + i].size() != features)
                throw Error("sample " + std::to_string(start + i + 1) + " has " + std::to_string(samples[start + i].size()) +
                            " values but the model takes " + std::to_string(features));
            std::copy(samples[start + i].begin(), samples[start + i].end(), x.data() + i * features);
        }
        normalization.apply(x.data(), n, features);
        const Tensor& out = model.forward(x, false);
        const std::size_t width = out.sampleSize();
        for (std::size_t i = 0; i < n; ++i) outputs.emplace_back(out.data() + i * width, out.data() + (i + 1) * width);
    }
    return outputs;
}

}  // namespace nw
