#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "data/Normalization.h"
#include "nn/Tensor.h"

namespace nw {

enum class Task { Classification, Regression };

// The samples of one split. 8-bit image data stays 8-bit in memory (a quarter of the float
// size) and becomes float per batch in gather().
class SampleSet {
public:
    SampleSet() = default;
    SampleSet(Shape sampleShape, std::vector<std::uint8_t> bytes, std::vector<float> targets, int targetWidth);
    SampleSet(Shape sampleShape, std::vector<float> values, std::vector<float> targets, int targetWidth);

    std::size_t size() const { return targets_.size() / static_cast<std::size_t>(targetWidth_); }
    bool empty() const { return targets_.empty(); }
    const Shape& sampleShape() const { return sampleShape_; }
    int targetWidth() const { return targetWidth_; }
    bool isBytes() const { return !bytes_.empty(); }
    const std::vector<float>& targets() const { return targets_; }
    float target(std::size_t sample, int column = 0) const { return targets_[sample * targetWidth_ + column]; }

    // Copies the chosen samples into x (batch, sampleShape...) as normalised floats and their
    // targets into y: (batch) for one target column, (batch, width) otherwise.
    void gather(std::span<const std::size_t> indices, const Normalization& normalization, Tensor& x, Tensor& y) const;
    SampleSet subset(std::span<const std::size_t> indices) const;
    // The raw (unnormalised) values of one sample.
    std::vector<float> rawSample(std::size_t index) const;

private:
    Shape sampleShape_;
    std::size_t sampleSize_ = 0;
    std::vector<std::uint8_t> bytes_;
    std::vector<float> values_;
    std::vector<float> targets_;
    int targetWidth_ = 1;
};

// How raw inputs are mapped before they reach a model. Statistics always come from the
// training split only, so validation and test numbers stay honest.
enum class NormalizationKind {
    Default,     // the set's own: 8-bit images scaled to [0, 1], other data unchanged
    Standard,    // one mean and standard deviation over every value (images)
    PerFeature,  // a mean and standard deviation per feature (tabular data)
    None,        // raw values
};
NormalizationKind normalizationKindFromName(const std::string& name);
// indices: the samples that train (the validation part of a split is left out); null = all.
Normalization fitNormalization(const SampleSet& train, NormalizationKind kind, const Normalization& setDefault,
                               const std::vector<std::size_t>* indices = nullptr);

struct Dataset {
    std::string name;
    Task task = Task::Classification;
    Shape sampleShape;
    std::vector<std::string> classNames;  // classification
    int outputs = 1;                      // regression targets per sample
    SampleSet train;
    SampleSet validation;  // empty unless the data brings its own (an image folder's val/)
    SampleSet test;        // empty when the set has no test split
    // How inputs are scaled before they reach the model (MNIST: 1/255).
    Normalization normalization;
    // What "default" normalization means for this set when it is not `normalization` as
    // is: CSV features are standardised per feature on the training split.
    NormalizationKind preferredNormalization = NormalizationKind::Default;
    // For CSV data: how raw columns become features (see data/TabularSchema.h); null otherwise.
    nlohmann::json tabularSchema;
    // Files a loader could not read and skipped (an image folder's damaged images).
    std::size_t skippedFiles = 0;

    int classCount() const { return static_cast<int>(classNames.size()); }
    // The model's output width: classes (or 1 for two-class sigmoid models) or outputs.
    int outputWidth() const { return task == Task::Classification ? classCount() : outputs; }
    bool hasTest() const { return !test.empty(); }
};

}  // namespace nw
