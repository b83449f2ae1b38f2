#include "CliSupport.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "ProgressBar.h"
#include "data/DatasetSplit.h"

namespace nw::cli {

std::string defaultDataDir() {
    if (const char* env = std::getenv("NETWRIGHT_DATA_DIR"); env && *env) return env;
    return NETWRIGHT_SOURCE_DATA_DIR;
}

bool stderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void addDataOptions(CLI::App& command, DataOptions& options) {
    options.dataDir = defaultDataDir();
    command.add_option("--data-dir", options.dataDir, "Folder holding mnist/ and fashion-mnist/ (env NETWRIGHT_DATA_DIR)")
        ->capture_default_str();
    command.add_option("--samples", options.samples, "Sample count for generated datasets (default: the generator's)")
        ->check(CLI::Range(2, 10'000'000));
    command.add_option("--noise", options.noise, "Noise of the 2-D generators (default: the generator's)")
        ->check(CLI::Range(0.0, 10.0));
    command.add_option("--target", options.target, "CSV: the target column, by name or 0-based index (default: the last)");
    command.add_option("--task", options.task, "CSV: auto, classification or regression")
        ->check(CLI::IsMember({"auto", "classification", "regression"}))
        ->capture_default_str();
    command.add_option("--missing", options.missing, "CSV: missing cells are an error, or drop the row, or fill with the mean")
        ->check(CLI::IsMember({"error", "drop", "mean"}))
        ->capture_default_str();
    command.add_option("--image-size", options.imageSize, "Image folders: resize to WxH (e.g. 28x28; default: the first image's size)");
    command.add_option("--channels", options.channels, "Image folders: 1 (grayscale) or 3 (RGB); default: from the images")
        ->check(CLI::IsMember({1, 3}));
    command.add_option("--test-split", options.testSplit,
                       "Hold out this fraction as a stratified test split (sets without their own test split)")
        ->check(CLI::Range(0.0, 0.9));
}

namespace {

// "28x28" or "28" -> width, height; throws a usage error otherwise.
std::pair<int, int> parseImageSize(const std::string& text) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    const int n = std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra);
    if (n == 1) h = w;
    else if (n != 3 || (x != 'x' && x != 'X')) w = h = 0;
    if (w < 1 || h < 1 || w > 4096 || h > 4096)
        throw CLI::ValidationError("--image-size", "expected WxH between 1 and 4096, e.g. 28x28, got '" + text + "'");
    return {w, h};
}

}  // namespace

Dataset loadDatasetFor(const std::string& nameOrPath, const DataOptions& options, std::uint64_t seed, bool showProgress) {
    DatasetOptions o;
    o.dataDir = options.dataDir;
    o.samples = options.samples;
    o.noise = options.noise;
    o.seed = seed;
    o.csv.target = options.target;
    o.csv.task = options.task;
    o.csv.missing = options.missing;
    if (!options.imageSize.empty()) std::tie(o.images.width, o.images.height) = parseImageSize(options.imageSize);
    o.images.channels = options.channels;
    ProgressBar bar("loading " + nameOrPath, showProgress && stderrIsTerminal());
    if (bar.enabled()) o.progress = [&](double f) { bar.update(f, ""); };
    Dataset d = loadDataset(nameOrPath, o);
    bar.finish();
    if (d.skippedFiles > 0)
        std::fprintf(stderr, "warning: %zu file%s in %s could not be read and %s skipped\n", d.skippedFiles,
                     d.skippedFiles == 1 ? "" : "s", nameOrPath.c_str(), d.skippedFiles == 1 ? "was" : "were");
    if (options.testSplit > 0.0) carveTestSplit(d, options.testSplit, seed);
    return d;
}

std::string formatMetric(const std::optional<double>& value, int precision) {
    if (!value) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", precision, *value);
    return text;
}

}  // namespace nw::cli
