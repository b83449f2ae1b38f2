#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "data/DatasetCatalog.h"

namespace nw::cli {

// Options every command that loads data shares.
struct DataOptions {
    std::string dataDir;
    int samples = 0;
    double noise = -1.0;
    std::string target, task = "auto", missing = "error";
    std::string imageSize;  // "28x28" or "28"
    int channels = 0;
    double testSplit = 0.0;
};

void addDataOptions(CLI::App& command, DataOptions& options);
// Loads by name or path; the seed feeds the synthetic generators.
Dataset loadDatasetFor(const std::string& nameOrPath, const DataOptions& options, std::uint64_t seed, bool showProgress);
// Where set-up put the data: $NETWRIGHT_DATA_DIR, else the build's checkout data/.
std::string defaultDataDir();
bool stderrIsTerminal();
// JSON number or null for NaN/missing.
std::string formatMetric(const std::optional<double>& value, int precision = 4);

}  // namespace nw::cli
