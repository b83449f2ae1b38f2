#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
#include "common/Error.h"

namespace nw::cli {
namespace {

struct DatasetsArgs {
    DataOptions data;
    bool json = false;
};

std::string describeSplit(const SampleSet& s) { return s.empty() ? "-" : std::to_string(s.size()); }

int runDatasets(const DatasetsArgs& a) {
    for (const auto& entry : builtInDatasets(a.data.dataDir)) {
        nlohmann::json j{{"name", entry.name}, {"kind", entry.kind}, {"description", entry.description}};
        std::string status = "available";
        // Built-in sets are loaded to report what is really there (under a second each).
        std::optional<Dataset> data;
        try {
            data = loadDatasetFor(entry.name, a.data, 1, false);
        } catch (const Error& e) {
            status = "missing: run ./scripts/setup.sh";
            j["error"] = e.what();
        }
        j["available"] = data.has_value();
        if (!entry.location.empty()) j["location"] = entry.location;
        if (data) {
            j.update({{"train", data->train.size()}, {"test", data->test.size()}, {"sample_shape", data->sampleShape},
                      {"task", data->task == Task::Classification ? "classification" : "regression"}});
            if (data->task == Task::Classification) j["classes"] = data->classNames;
        }
        if (a.json) {
            std::printf("%s\n", j.dump().c_str());
            continue;
        }
        if (!data) {
            std::printf("%-14s %-10s %s (%s)\n", entry.name.c_str(), entry.kind.c_str(), status.c_str(), entry.location.c_str());
            continue;
        }
        const std::string classes = data->task == Task::Classification ? std::to_string(data->classCount()) + " classes" : "regression";
        std::printf("%-14s %-10s train %-6s test %-6s shape %-12s %-11s %s\n", entry.name.c_str(), entry.kind.c_str(),
                    describeSplit(data->train).c_str(), describeSplit(data->test).c_str(),
                    shapeToString(data->sampleShape).c_str(), classes.c_str(), entry.description.c_str());
    }
    if (!a.json)
        std::printf("\nAlso: --dataset PATH.csv (--target COLUMN), a folder of IDX files, or an image folder "
                    "(one sub-folder per class).\n");
    return 0;
}

}  // namespace

Action addDatasetsCommand(CLI::App& app) {
    auto args = std::make_shared<DatasetsArgs>();
    auto* c = app.add_subcommand("datasets", "List the built-in datasets and generators with their sizes and shapes");
    c->add_flag("--json", args->json, "One JSON object per dataset");
    args->data.dataDir = defaultDataDir();
    c->add_option("--data-dir", args->data.dataDir, "Folder holding mnist/ and fashion-mnist/ (env NETWRIGHT_DATA_DIR)")
        ->capture_default_str();
    return [args] { return runDatasets(*args); };
}

}  // namespace nw::cli
