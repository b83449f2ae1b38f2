#include <cstdio>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
#include "common/Error.h"
#include "io/ModelFile.h"
#include "train/Presets.h"

namespace nw::cli {
namespace {

struct SummaryArgs {
    std::string model;
    std::string dataset = "mnist";
    DataOptions data;
    bool json = false;
};

std::string withThousands(std::int64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

int runSummary(const SummaryArgs& a) {
    nlohmann::json spec;
    Shape input;
    if (looksLikeModelFile(a.model)) {
        SavedModel saved = loadModel(a.model);
        spec = saved.model->spec();
        input = saved.model->inputShape();
    } else {
        Dataset data = loadDatasetFor(a.dataset, a.data, 1, !a.json);
        input = data.sampleShape;
        spec = isPresetName(a.model) ? makePreset(a.model, data).spec : loadSpecFile(a.model);
    }
    const ModelSummary s = summarizeSpec(spec, input);
    if (a.json) {
        nlohmann::json j{{"input_shape", input}, {"parameters", s.parameters}, {"flops_per_sample", s.flops},
                         {"parameter_bytes", s.parameters * 4}, {"valid", s.valid()}, {"layers", nlohmann::json::array()}};
        for (const auto& l : s.layers) {
            nlohmann::json e{{"type", l.type}, {"parameters", l.parameters}, {"flops", l.flops}};
            e["output_shape"] = l.error.empty() ? nlohmann::json(l.outputShape) : nlohmann::json(nullptr);
            if (!l.error.empty()) e["error"] = l.error;
            j["layers"].push_back(e);
        }
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("%-4s %-12s %-16s %12s %14s\n", "#", "layer", "output shape", "parameters", "FLOPs/sample");
        std::printf("%-4s %-12s %-16s %12s %14s\n", "", "input", shapeToString(input).c_str(), "", "");
        for (std::size_t i = 0; i < s.layers.size(); ++i) {
            const auto& l = s.layers[i];
            if (!l.error.empty()) {
                std::printf("%-4zu %-12s does not fit: %s\n", i + 1, l.type.c_str(), l.error.c_str());
                continue;
            }
            std::printf("%-4zu %-12s %-16s %12s %14s\n", i + 1, l.type.c_str(), shapeToString(l.outputShape).c_str(),
                        withThousands(l.parameters).c_str(), withThousands(l.flops).c_str());
        }
        std::printf("total: %s parameters (%.1f KiB of float32), %s FLOPs per sample\n", withThousands(s.parameters).c_str(),
                    static_cast<double>(s.parameters) * 4 / 1024.0, withThousands(s.flops).c_str());
    }
    if (!s.valid()) throw ModelError(s.firstError());
    return 0;
}

}  // namespace

Action addSummaryCommand(CLI::App& app) {
    auto args = std::make_shared<SummaryArgs>();
    auto* c = app.add_subcommand("summary", "Show a model's layers, output shapes, parameters and FLOPs");
    c->add_option("model", args->model, "A model file, a preset name or a model spec JSON file")->required();
    c->add_option("--dataset", args->dataset, "Dataset that sizes a preset or spec's input and output")->capture_default_str();
    c->add_flag("--json", args->json, "Print the summary as one JSON object");
    addDataOptions(*c, args->data);
    return [args] { return runSummary(*args); };
}

}  // namespace nw::cli
