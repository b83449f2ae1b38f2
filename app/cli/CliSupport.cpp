#include "CliSupport.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "ProgressBar.h"

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
    command.add_option("--samples", options.samples, "Sample count for synthetic datasets")
        ->capture_default_str()
        ->check(CLI::Range(2, 10'000'000));
}

Dataset loadDatasetFor(const std::string& nameOrPath, const DataOptions& options, std::uint64_t seed, bool showProgress) {
    DatasetOptions o;
    o.dataDir = options.dataDir;
    o.samples = options.samples;
    o.seed = seed;
    ProgressBar bar("loading " + nameOrPath, showProgress && stderrIsTerminal());
    if (bar.enabled()) o.progress = [&](double f) { bar.update(f, ""); };
    Dataset d = loadDataset(nameOrPath, o);
    bar.finish();
    return d;
}

std::string formatMetric(const std::optional<double>& value, int precision) {
    if (!value) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", precision, *value);
    return text;
}

}  // namespace nw::cli
