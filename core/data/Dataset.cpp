#include "data/Dataset.h"

#include <cmath>

#include "common/Error.h"
#include "nn/kernels/SampleParallel.h"

namespace nw {
namespace {

constexpr int kRowsAhead = 4;
constexpr std::size_t kCacheLine = 64;

}  // namespace

SampleSet::SampleSet(Shape sampleShape, std::vector<std::uint8_t> bytes, std::vector<float> targets, int targetWidth)
    : sampleShape_(std::move(sampleShape)), sampleSize_(shapeSize(sampleShape_)), bytes_(std::move(bytes)),
      targets_(std::move(targets)), targetWidth_(targetWidth) {
    if (bytes_.size() != size() * sampleSize_) throw Error("sample data does not match the number of targets");
}

SampleSet::SampleSet(Shape sampleShape, std::vector<float> values, std::vector<float> targets, int targetWidth)
    : sampleShape_(std::move(sampleShape)), sampleSize_(shapeSize(sampleShape_)), values_(std::move(values)),
      targets_(std::move(targets)), targetWidth_(targetWidth) {
    if (values_.size() != size() * sampleSize_) throw Error("sample data does not match the number of targets");
}

void SampleSet::gather(std::span<const std::size_t> indices, const Normalization& normalization, Tensor& x,
                       Tensor& y) const {
    const int n = static_cast<int>(indices.size());
    x.resizeBatch(n, sampleShape_);
    if (targetWidth_ == 1) y.resize({n});
    else y.resize({n, targetWidth_});
    float* out = x.data();
    // A large batch is gathered on every core, each its own share of the samples (a few
    // operations per value: read, convert, normalise, write); a small one is not worth the
    // hand-over.
    const int threads = sampleThreads(n, 4 * static_cast<std::int64_t>(sampleSize_));
    forEachSampleSlice(n, threads, [&](int, int first, int last) {
        for (int i = first; i < last; ++i) {
            const std::size_t s = indices[i];
            float* row = out + static_cast<std::size_t>(i) * sampleSize_;
            if (isBytes()) {
                // The rows come from random places in a set far larger than the cache: fetching
                // a few rows ahead keeps the conversion from waiting on memory for every row.
                if (i + kRowsAhead < last) {
                    const std::uint8_t* ahead = bytes_.data() + indices[i + kRowsAhead] * sampleSize_;
                    for (std::size_t k = 0; k < sampleSize_; k += kCacheLine) __builtin_prefetch(ahead + k);
                }
                normalization.applyToBytes(bytes_.data() + s * sampleSize_, row, sampleSize_);
            } else {
                std::copy_n(values_.data() + s * sampleSize_, sampleSize_, row);
            }
            std::copy_n(targets_.data() + s * targetWidth_, targetWidth_, y.data() + static_cast<std::size_t>(i) * targetWidth_);
        }
        if (!isBytes())
            normalization.apply(out + static_cast<std::size_t>(first) * sampleSize_, static_cast<std::size_t>(last - first),
                                sampleSize_);
    });
}

SampleSet SampleSet::subset(std::span<const std::size_t> indices) const {
    std::vector<float> targets;
    targets.reserve(indices.size() * targetWidth_);
    for (std::size_t s : indices)
        targets.insert(targets.end(), targets_.begin() + s * targetWidth_, targets_.begin() + (s + 1) * targetWidth_);
    if (isBytes()) {
        std::vector<std::uint8_t> bytes;
        bytes.reserve(indices.size() * sampleSize_);
        for (std::size_t s : indices)
            bytes.insert(bytes.end(), bytes_.begin() + s * sampleSize_, bytes_.begin() + (s + 1) * sampleSize_);
        return SampleSet(sampleShape_, std::move(bytes), std::move(targets), targetWidth_);
    }
    std::vector<float> values;
    values.reserve(indices.size() * sampleSize_);
    for (std::size_t s : indices)
        values.insert(values.end(), values_.begin() + s * sampleSize_, values_.begin() + (s + 1) * sampleSize_);
    return SampleSet(sampleShape_, std::move(values), std::move(targets), targetWidth_);
}

std::vector<float> SampleSet::rawSample(std::size_t index) const {
    std::vector<float> out(sampleSize_);
    for (std::size_t k = 0; k < sampleSize_; ++k)
        out[k] = isBytes() ? bytes_[index * sampleSize_ + k] : values_[index * sampleSize_ + k];
    return out;
}

NormalizationKind normalizationKindFromName(const std::string& name) {
    if (name == "default") return NormalizationKind::Default;
    if (name == "standard") return NormalizationKind::Standard;
    if (name == "per-feature") return NormalizationKind::PerFeature;
    if (name == "none") return NormalizationKind::None;
    throw Error("unknown normalization '" + name + "' (expected default, standard, per-feature or none)");
}

Normalization fitNormalization(const SampleSet& train, NormalizationKind kind, const Normalization& setDefault,
                               const std::vector<std::size_t>* indices) {
    if (kind == NormalizationKind::Default) return setDefault;
    if (kind == NormalizationKind::None || train.empty() || (indices && indices->empty())) return Normalization::identity();
    const std::size_t features = shapeSize(train.sampleShape());
    const bool perFeature = kind == NormalizationKind::PerFeature;
    const std::size_t slots = perFeature ? features : 1;
    std::vector<double> sum(slots, 0.0), squares(slots, 0.0);
    const std::size_t samples = indices ? indices->size() : train.size();
    for (std::size_t i = 0; i < samples; ++i) {
        const auto sample = train.rawSample(indices ? (*indices)[i] : i);
        for (std::size_t k = 0; k < features; ++k) {
            const double v = sample[k];
            sum[perFeature ? k : 0] += v;
            squares[perFeature ? k : 0] += v * v;
        }
    }
    const double count = static_cast<double>(samples) * (perFeature ? 1.0 : static_cast<double>(features));
    Normalization n;
    n.offset.assign(slots, 0.0f);
    n.scale.assign(slots, 1.0f);
    for (std::size_t k = 0; k < slots; ++k) {
        const double mean = sum[k] / count;
        const double variance = std::max(squares[k] / count - mean * mean, 0.0);
        n.offset[k] = static_cast<float>(mean);
        // A constant feature carries no information; leave its scale alone rather than divide by 0.
        n.scale[k] = variance > 1e-12 ? static_cast<float>(1.0 / std::sqrt(variance)) : 1.0f;
    }
    return n;
}

}  // namespace nw
