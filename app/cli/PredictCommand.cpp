#include <cstdio>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "io/ModelFile.h"
#include "io/PredictionInputs.h"
#include "train/Evaluation.h"
#include "train/Metrics.h"

namespace nw::cli {
namespace {

struct PredictArgs {
    std::string model;
    std::vector<std::string> inputs;
    bool json = false;
};

int runPredict(const PredictArgs& a) {
    SavedModel saved = loadModel(a.model);
    const auto& meta = saved.metadata;
    const auto inputs = readPredictionInputs(a.inputs, saved.model->inputShape(), meta.tabularSchema);
    std::vector<std::vector<float>> raw;
    raw.reserve(inputs.size());
    for (const auto& in : inputs) raw.push_back(in.values);
    const auto outputs = predictRaw(*saved.model, raw, meta.normalization);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& out = outputs[i];
        nlohmann::json j{{"input", inputs[i].source}};
        if (meta.task == Task::Classification) {
            const int cls = predictedClass(out.data(), static_cast<int>(out.size()));
            j["prediction"] = cls;
            if (cls < static_cast<int>(meta.classNames.size())) j["label"] = meta.classNames[cls];
            // One sigmoid unit is the probability of class 1.
            j["probabilities"] = out.size() == 1 ? std::vector<float>{1.0f - out[0], out[0]} : out;
        } else {
            j["prediction"] = out.size() == 1 ? nlohmann::json(out[0]) : nlohmann::json(out);
        }
        if (a.json) {
            std::printf("%s\n", j.dump().c_str());
        } else if (meta.task == Task::Classification) {
            const auto& probs = j["probabilities"];
            const int cls = j["prediction"].get<int>();
            std::printf("%s: %s (p=%.3f)\n", inputs[i].source.c_str(),
                        j.contains("label") ? j["label"].get<std::string>().c_str() : std::to_string(cls).c_str(),
                        probs[cls].get<double>());
        } else {
            std::printf("%s: %s\n", inputs[i].source.c_str(), j["prediction"].dump().c_str());
        }
    }
    return 0;
}

}  // namespace

Action addPredictCommand(CLI::App& app) {
    auto args = std::make_shared<PredictArgs>();
    auto* c = app.add_subcommand("predict", "Predict with a saved model on CSV rows or image files");
    c->add_option("model", args->model, "Model file written by train --save")->required();
    c->add_option("inputs", args->inputs, "CSV files (one sample per row, header optional) or images (PNG, JPEG, BMP)")
        ->required();
    c->add_flag("--json", args->json, "One JSON object per sample: prediction, label, probabilities");
    return [args] { return runPredict(*args); };
}

}  // namespace nw::cli
