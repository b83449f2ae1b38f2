#pragma once
// A served MNIST-shaped model and real MNIST test digits, shared by the REST and gRPC suites.
#include <QtTest>

#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "TestDatasets.h"
#include "data/DatasetCatalog.h"
#include "serve/InferenceService.h"
#include "train/Evaluation.h"
#include "train/Presets.h"

namespace nw::testing {

// The `mlp` preset, untrained but seeded, with MNIST's metadata: predictions are arbitrary
// but exact, which is all a protocol test needs.
inline SavedModel mnistModel() {
    const Dataset shape = mnistShaped();
    const Preset preset = makePreset("mlp", shape);
    SavedModel saved;
    saved.model = std::make_unique<Model>(preset.spec, shape.sampleShape, 7);
    saved.metadata.dataset = "mnist";
    saved.metadata.classNames = shape.classNames;
    saved.metadata.normalization = Normalization::scaled(1.0f / 255.0f);
    saved.metadata.training = preset.training;
    return saved;
}

// The first `count` MNIST test digits, raw (0..255).
inline std::vector<std::vector<float>> mnistDigits(std::size_t count) {
    DatasetOptions options;
    options.dataDir = dataDir().toStdString();
    const Dataset mnist = loadDataset("mnist", options);
    std::vector<std::vector<float>> digits;
    for (std::size_t i = 0; i < count; ++i) digits.push_back(mnist.test.rawSample(i));
    return digits;
}

inline std::string encodePng(const std::vector<float>& digit) {
    cv::Mat image(28, 28, CV_8UC1);
    for (int i = 0; i < 28 * 28; ++i) image.data[i] = static_cast<std::uint8_t>(digit[static_cast<std::size_t>(i)]);
    std::vector<std::uint8_t> bytes;
    cv::imencode(".png", image, bytes);
    return {bytes.begin(), bytes.end()};
}

// What `netwright-cli predict` computes for the same raw samples.
inline std::vector<std::vector<float>> expectedOutputs(SavedModel& saved, const std::vector<std::vector<float>>& raw) {
    return predictRaw(*saved.model, raw, saved.metadata.normalization);
}

}  // namespace nw::testing
