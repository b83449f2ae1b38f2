#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/Dataset.h"

namespace nw {

struct DatasetOptions {
    std::string dataDir = "data";  // where setup put mnist/ and fashion-mnist/
    std::uint64_t seed = 1;        // for generators
    int samples = 100;             // for generators
    std::function<void(double)> progress;
};

struct DatasetEntry {
    std::string name;
    std::string description;
};

// The names loadDataset understands besides paths.
std::vector<DatasetEntry> builtInDatasets();

// "mnist", "fashion-mnist", "linear", or a path to a folder of IDX files.
Dataset loadDataset(const std::string& nameOrPath, const DatasetOptions& options);

// The founding article's regression set: x ~ U(0,1), y = 3x + 2 + U(0,1).
Dataset makeLinearDataset(int samples, std::uint64_t seed);

}  // namespace nw
