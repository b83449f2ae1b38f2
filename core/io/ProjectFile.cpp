#include "io/ProjectFile.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "io/AtomicFile.h"

namespace nw {
namespace {
constexpr const char* kFormat = "netwright-project";
constexpr int kVersion = 1;
constexpr std::uintmax_t kMaxProjectBytes = 64u << 20;  // specs are small; anything larger is not a project
}  // namespace

nlohmann::json Project::toJson() const {
    nlohmann::json runList = nlohmann::json::array();
    for (const auto& r : runs) runList.push_back(r.toJson());
    return {{"format", kFormat},
            {"version", kVersion},
            {"dataset", {{"source", dataset}, {"options", datasetOptions}}},
            {"model", modelSpec},
            {"training", training.toJson()},
            {"runs", runList}};
}

void saveProject(const std::string& path, const Project& project) {
    writeFileAtomically(path, project.toJson().dump(2) + "\n");
}

Project loadProject(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw FileFormatError(path, "no such project file");
    if (std::filesystem::file_size(path, ec) > kMaxProjectBytes)
        throw FileFormatError(path, "too large to be a Netwright project (over 64 MiB)");
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw FileFormatError(path, "not valid JSON (byte " + std::to_string(e.byte) + "): the file is damaged");
    }
    if (!j.is_object() || j.value("format", std::string()) != kFormat)
        throw FileFormatError(path, "not a Netwright project (its \"format\" is not \"netwright-project\")");
    if (!j["version"].is_number_integer() || j["version"].get<int>() > kVersion)
        throw FileFormatError(path, "project version " + j["version"].dump() + " is newer than this build reads (" +
                                        std::to_string(kVersion) + ")");
    Project p;
    try {
        const auto& data = j.at("dataset");
        p.dataset = data.at("source").get<std::string>();
        p.datasetOptions = data.value("options", nlohmann::json::object());
        if (!p.datasetOptions.is_object()) throw FileFormatError(path, "\"dataset.options\" must be an object");
        p.modelSpec = j.at("model");
        if (!p.modelSpec.is_object() || !p.modelSpec.contains("layers") || !p.modelSpec["layers"].is_array())
            throw FileFormatError(path, "\"model\" must be a model spec with a \"layers\" array");
        p.training = TrainingConfig::fromJson(j.value("training", nlohmann::json::object()));
        const auto& runs = j.value("runs", nlohmann::json::array());
        if (!runs.is_array()) throw FileFormatError(path, "\"runs\" must be an array of training runs");
        for (std::size_t i = 0; i < runs.size(); ++i) {
            try {
                p.runs.push_back(RunRecord::fromJson(runs[i]));
            } catch (const Error& e) {
                throw FileFormatError(path, "run " + std::to_string(i + 1) + ": " + e.what());
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw FileFormatError(path, std::string("a field is missing or has the wrong type: ") + e.what());
    }
    return p;
}

}  // namespace nw
