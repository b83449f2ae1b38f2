#include "data/DatasetCatalog.h"

#include <filesystem>

#include "common/Error.h"
#include "common/Random.h"
#include "data/IdxDataset.h"
#include "data/SyntheticDatasets.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kFashionClasses{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                               "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

}  // namespace

bool isTextTable(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

std::vector<DatasetEntry> builtInDatasets(const std::string& dataDir) {
    std::vector<DatasetEntry> entries{
        {"mnist", "built-in", "handwritten digits, 28x28 grayscale, 10 classes, 60,000 train / 10,000 test",
         (fs::path(dataDir) / "mnist").string()},
        {"fashion-mnist", "built-in", "clothing, 28x28 grayscale, 10 classes, 60,000 train / 10,000 test",
         (fs::path(dataDir) / "fashion-mnist").string()},
        {"linear", "generator", "regression: x ~ U(0,1), y = 3x + 2 + U(0,1); 100 samples by default", ""}};
    for (const auto& g : classificationGenerators()) entries.push_back({g.name, "generator", g.description, ""});
    return entries;
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
    if (nameOrPath == "fashion-mnist") return builtIn("fashion-mnist", kFashionClasses);
    if (nameOrPath == "linear") return makeLinearDataset(options.samples > 0 ? options.samples : 100, options.seed);
    if (isGeneratorName(nameOrPath)) {
        GeneratorOptions g;
        if (options.samples > 0) g.samples = options.samples;
        g.noise = options.noise;
        g.seed = options.seed;
        return makeGeneratedDataset(nameOrPath, g);
    }
    std::error_code ec;
    const fs::path path(nameOrPath);
    if (isTextTable(nameOrPath) && fs::is_regular_file(path, ec)) {
        return loadCsvDataset(nameOrPath, options.csv, options.progress);
    }
    if (fs::is_directory(path, ec)) {
        if (looksLikeIdxFolder(nameOrPath))
            return loadIdxFolder(nameOrPath, path.filename().string(), {}, options.progress);
        if (looksLikeImageFolder(nameOrPath)) {
            ImageFolderOptions images = options.images;
            images.progress = options.progress;
            return loadImageFolder(nameOrPath, images);
        }
        throw FileFormatError(nameOrPath, "this folder holds neither IDX files (train-images-idx3-ubyte, …) nor one "
                                          "sub-folder of images per class");
    }
    if (fs::exists(path, ec))
        throw FileFormatError(nameOrPath, "not a dataset: expected a .csv, .tsv or .txt file, or a folder");
    std::string names;
    for (const auto& e : builtInDatasets(options.dataDir)) names += (names.empty() ? "" : ", ") + e.name;
    throw Error("unknown dataset '" + nameOrPath + "': expected one of " + names + ", a CSV file or a folder");
}

}  // namespace nw
