#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/CsvDataset.h"
#include "data/Dataset.h"
#include "data/ImageFolderDataset.h"

namespace nw {

struct DatasetOptions {
    std::string dataDir = "data";  // where setup put mnist/ and fashion-mnist/
    std::uint64_t seed = 1;        // generators
    int samples = 0;               // generators; 0: the generator's default
    double noise = -1.0;           // 2-D generators; negative: the generator's default
    CsvOptions csv;                // CSV files
    ImageFolderOptions images;     // image folders (its progress is ignored: use `progress`)
    std::function<void(double)> progress;
};

struct DatasetEntry {
    std::string name;
    std::string kind;         // "built-in", "generator"
    std::string description;
    std::string location;     // where a built-in set is read from
};

// The names loadDataset understands besides paths.
std::vector<DatasetEntry> builtInDatasets(const std::string& dataDir);

// A built-in set ("mnist", "fashion-mnist"), a generator ("linear", "spiral", "circles",
// "xor", "moons", "blobs"), or a path: a .csv/.tsv/.txt file, a folder of IDX files, or an
// image folder (one sub-folder per class).
Dataset loadDataset(const std::string& nameOrPath, const DatasetOptions& options);

// Whether a path names a delimited text table (.csv, .tsv, .txt).
bool isTextTable(const std::string& path);

// The founding article's regression set: x ~ U(0,1), y = 3x + 2 + U(0,1).
Dataset makeLinearDataset(int samples, std::uint64_t seed);

}  // namespace nw
