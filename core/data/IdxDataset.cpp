#include "data/IdxDataset.h"

#include <algorithm>
#include <filesystem>

#include "common/Error.h"
#include "data/IdxReader.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

// The file in `folder` for one split ("train" or "t10k"/"test") and kind ("images-idx3" or
// "labels-idx1"), however the mirror spelled it: train-images-idx3-ubyte,
// train-images.idx3-ubyte, emnist-digits-train-images-idx3-ubyte.gz, ... Empty if none.
std::string findPart(const fs::path& folder, const std::vector<std::string>& splits, const std::string& kind) {
    std::vector<std::string> matches;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file()) continue;
        std::string name = entry.path().filename().string();
        std::replace(name.begin(), name.end(), '.', '-');
        if (name.find(kind + "-ubyte") == std::string::npos) continue;
        for (const auto& split : splits)
            if (name.find(split + "-") != std::string::npos) matches.push_back(entry.path().string());
    }
    std::sort(matches.begin(), matches.end());  // raw before .gz: the shorter name sorts first
    return matches.empty() ? std::string() : matches.front();
}

SampleSet loadPair(const std::string& imagesPath, const std::string& labelsPath, int& classCount,
                   const std::function<void(double)>& progress) {
    IdxArray images = readIdx(imagesPath, progress);
    IdxArray labels = readIdx(labelsPath);
    if (images.dims.size() != 3 && images.dims.size() != 4)
        throw FileFormatError(imagesPath, "expected images as a rank-3 (count, height, width) or rank-4 "
                                          "(count, height, width, channels) IDX array, found rank " +
                                              std::to_string(images.dims.size()));
    if (labels.dims.size() != 1)
        throw FileFormatError(labelsPath, "expected labels as a rank-1 IDX array, found rank " +
                                              std::to_string(labels.dims.size()));
    if (labels.dims[0] != images.dims[0])
        throw FileFormatError(labelsPath, "holds " + std::to_string(labels.dims[0]) + " labels but " + imagesPath +
                                              " holds " + std::to_string(images.dims[0]) + " images");
    const int count = images.dims[0], height = images.dims[1], width = images.dims[2];
    const int channels = images.dims.size() == 4 ? images.dims[3] : 1;
    std::vector<float> targets(labels.values.begin(), labels.values.end());
    for (auto v : labels.values) classCount = std::max(classCount, static_cast<int>(v) + 1);
    std::vector<std::uint8_t> pixels = std::move(images.values);
    if (channels > 1) {  // HWC -> CHW, the engine's layout
        std::vector<std::uint8_t> planar(pixels.size());
        const std::size_t plane = static_cast<std::size_t>(height) * width;
        for (int n = 0; n < count; ++n)
            for (std::size_t p = 0; p < plane; ++p)
                for (int c = 0; c < channels; ++c)
                    planar[(static_cast<std::size_t>(n) * channels + c) * plane + p] =
                        pixels[(static_cast<std::size_t>(n) * plane + p) * channels + c];
        pixels = std::move(planar);
    }
    return SampleSet({channels, height, width}, std::move(pixels), std::move(targets), 1);
}

}  // namespace

bool looksLikeIdxFolder(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return false;
    return !findPart(folder, {"train"}, "images-idx3").empty() && !findPart(folder, {"train"}, "labels-idx1").empty();
}

Dataset loadIdxFolder(const std::string& folder, const std::string& name, std::vector<std::string> classNames,
                      const std::function<void(double)>& progress) {
    if (!fs::is_directory(folder)) throw FileFormatError(folder, "no such folder");
    const std::string trainImages = findPart(folder, {"train"}, "images-idx3");
    const std::string trainLabels = findPart(folder, {"train"}, "labels-idx1");
    if (trainImages.empty() || trainLabels.empty())
        throw FileFormatError(folder, "expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz) "
                                      "in this folder");
    Dataset d;
    d.name = name;
    d.task = Task::Classification;
    int classCount = 0;
    auto trainProgress = [&](double f) { if (progress) progress(0.85 * f); };
    d.train = loadPair(trainImages, trainLabels, classCount, trainProgress);
    const std::string testImages = findPart(folder, {"t10k", "test"}, "images-idx3");
    const std::string testLabels = findPart(folder, {"t10k", "test"}, "labels-idx1");
    if (!testImages.empty() && !testLabels.empty()) {
        d.test = loadPair(testImages, testLabels, classCount, [&](double f) { if (progress) progress(0.85 + 0.15 * f); });
        if (d.test.sampleShape() != d.train.sampleShape())
            throw FileFormatError(testImages, "test images are " + shapeToString(d.test.sampleShape()) +
                                                  " but training images are " + shapeToString(d.train.sampleShape()));
    }
    d.sampleShape = d.train.sampleShape();
    if (classNames.empty())
        for (int c = 0; c < classCount; ++c) classNames.push_back(std::to_string(c));
    if (static_cast<int>(classNames.size()) < classCount)
        throw FileFormatError(folder, "labels go up to " + std::to_string(classCount - 1) + " but only " +
                                          std::to_string(classNames.size()) + " class names are known");
    d.classNames = std::move(classNames);
    d.normalization = Normalization::scaled(1.0f / 255.0f);
    if (progress) progress(1.0);
    return d;
}

}  // namespace nw
