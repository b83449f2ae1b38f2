#include "data/DatasetCatalog.h"

#include <filesystem>

#include "common/Error.h"
#include "common/Random.h"
#include "data/IdxDataset.h"

namespace nw {
namespace fs = std::filesystem;

std::vector<DatasetEntry> builtInDatasets() {
    return {{"mnist", "70,000 handwritten digits, 28x28 grayscale, 10 classes (60,000 train / 10,000 test)"},
            {"fashion-mnist", "70,000 clothing images, 28x28 grayscale, 10 classes (60,000 train / 10,000 test)"},
            {"linear", "synthetic regression: x ~ U(0,1), y = 3x + 2 + U(0,1), 100 samples"}};
}

Dataset makeLinearDataset(int samples, std::uint64_t seed) {
    if (samples < 2) throw Error("the linear set needs at least 2 samples");
    Random random(seed);
    std::vector<float> x(samples), y(samples);
    for (int i = 0; i < samples; ++i) {
        x[i] = static_cast<float>(random.uniform());
        y[i] = 3.0f * x[i] + 2.0f + static_cast<float>(random.uniform());
    }
    Dataset d;
    d.name = "linear";
    d.task = Task::Regression;
    d.sampleShape = {1};
    d.outputs = 1;
    d.train = SampleSet({1}, std::move(x), std::move(y), 1);
    return d;
}

Dataset loadDataset(const std::string& nameOrPath, const DatasetOptions& options) {
    auto builtIn = [&](const std::string& folder, std::vector<std::string> classes) {
        const fs::path path = fs::path(options.dataDir) / folder;
        if (!fs::is_directory(path))
            throw Error("dataset '" + nameOrPath + "' is not installed: " + path.string() +
                        " is missing; run ./scripts/setup.sh to fetch it");
        return loadIdxFolder(path.string(), nameOrPath, std::move(classes), options.progress);
    };
    if (nameOrPath == "mnist") return builtIn("mnist", {});
    if (nameOrPath == "fashion-mnist")
        return builtIn("fashion-mnist", {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                         "Sneaker", "Bag", "Ankle boot"});
    if (nameOrPath == "linear") return makeLinearDataset(options.samples, options.seed);
    if (fs::is_directory(nameOrPath)) return loadIdxFolder(nameOrPath, fs::path(nameOrPath).filename().string(), {}, options.progress);
    std::string names;
    for (const auto& e : builtInDatasets()) names += (names.empty() ? "" : ", ") + e.name;
    throw Error("unknown dataset '" + nameOrPath + "': expected one of " + names + " or a folder of IDX files");
}

}  // namespace nw
