#include "train/Evaluation.h"

#include <algorithm>

#include "common/Error.h"

namespace nw {
namespace {

// Samples per inference chunk: as many as keep the largest layer output of a chunk within
// about 8 MB, at most 500. Every layer keeps its chunk-sized buffers afterwards, so a fixed
// 500 cost a small CNN 80 MB (a 26x26x32 output is 86 KB a sample) for little speed.
std::size_t chunkFor(Model& model) {
    constexpr std::size_t kActivationBudget = std::size_t{2} << 20;  // floats
    std::size_t widest = shapeSize(model.inputShape());
    for (std::size_t i = 0; i < model.layerCount(); ++i) widest = std::max(widest, shapeSize(model.layer(i).builtOutputShape()));
    return std::clamp<std::size_t>(kActivationBudget / std::max<std::size_t>(widest, 1), 16, 500);
}

}  // namespace

Metrics evaluateModel(Model& model, const SampleSet& samples, const Normalization& normalization, Task task,
                      const Loss& loss, const std::vector<std::size_t>* indices) {
    if (samples.sampleShape() != model.inputShape())
        throw Error("the model takes samples of shape " + shapeToString(model.inputShape()) + " but the data has " +
                    shapeToString(samples.sampleShape()));
    MetricsAccumulator metrics(task == Task::Classification);
    Tensor x, y;
    std::vector<std::size_t> chunk;
    const std::size_t total = indices ? indices->size() : samples.size();
    const std::size_t chunkSize = chunkFor(model);
    for (std::size_t start = 0; start < total; start += chunkSize) {
        const std::size_t n = std::min(chunkSize, total - start);
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
    const std::size_t chunkSize = chunkFor(model);
    for (std::size_t start = 0; start < samples.size(); start += chunkSize) {
        const std::size_t n = std::min(chunkSize, samples.size() - start);
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
