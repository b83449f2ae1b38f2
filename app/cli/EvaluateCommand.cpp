#include <cstdio>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
#include "common/Error.h"
#include "io/ModelFile.h"
#include "nn/Loss.h"
#include "train/Evaluation.h"
#include "train/Trainer.h"

namespace nw::cli {
namespace {

struct EvaluateArgs {
    std::string model;
    std::string dataset = "mnist";
    std::string split = "test";
    DataOptions data;
    std::uint64_t seed = 1;
    std::optional<int> threads;
    bool json = false;
};

int runEvaluate(const EvaluateArgs& a) {
    SavedModel saved = loadModel(a.model);
    const auto& meta = saved.metadata;
    // A CSV model reads new tables through its own column encoding and class names.
    Dataset data = !meta.tabularSchema.is_null() && isTextTable(a.dataset)
                       ? loadCsvForModel(a.dataset, TabularSchema::fromJson(meta.tabularSchema), meta.task, meta.classNames)
                       : loadDatasetFor(a.dataset, a.data, a.seed, !a.json);
    if (data.task != meta.task)
        throw Error("the model in " + a.model + " does " + (meta.task == Task::Classification ? "classification" : "regression") +
                    " but '" + data.name + "' is a " + (data.task == Task::Classification ? "classification" : "regression") + " set");
    if (data.task == Task::Classification && data.classCount() > static_cast<int>(std::max<std::size_t>(meta.classNames.size(), 2)))
        throw Error("'" + data.name + "' has " + std::to_string(data.classCount()) + " classes but the model knows " +
                    std::to_string(meta.classNames.size()));
    const bool useTest = a.split == "test";
    if (useTest && !data.hasTest())
        throw Error("'" + data.name + "' has no test split; use --split train");
    setComputeThreads(a.threads.value_or(0));
    const auto loss = makeLoss(meta.training.loss);
    const Metrics m = evaluateModel(*saved.model, useTest ? data.test : data.train, meta.normalization, meta.task, *loss);
    if (a.json) {
        nlohmann::json j{{"loss", m.loss}, {"samples", m.samples}, {"split", a.split}};
        j["accuracy"] = m.accuracy ? nlohmann::json(*m.accuracy) : nlohmann::json(nullptr);
        if (m.mse) j["mse"] = *m.mse;
        if (m.r2) j["r2"] = *m.r2;
        std::printf("%s\n", j.dump().c_str());
    } else if (m.accuracy) {
        std::printf("%s on %s (%s, %zu samples): loss %.4f  accuracy %.4f\n", a.model.c_str(), data.name.c_str(),
                    a.split.c_str(), m.samples, m.loss, *m.accuracy);
    } else {
        std::printf("%s on %s (%s, %zu samples): loss %.5f  mse %s  r2 %s\n", a.model.c_str(), data.name.c_str(),
                    a.split.c_str(), m.samples, m.loss, formatMetric(m.mse, 5).c_str(), formatMetric(m.r2).c_str());
    }
    return 0;
}

}  // namespace

Action addEvaluateCommand(CLI::App& app) {
    auto args = std::make_shared<EvaluateArgs>();
    auto* c = app.add_subcommand("evaluate", "Measure a saved model's loss and accuracy on a dataset");
    c->add_option("model", args->model, "Model file written by train --save")->required();
    c->add_option("--dataset", args->dataset, "A dataset name, a CSV file, or a folder (as for train)")->capture_default_str();
    c->add_option("--split", args->split, "Which split to measure")->check(CLI::IsMember({"test", "train"}))->capture_default_str();
    c->add_option("--seed", args->seed, "Seed for synthetic datasets")->capture_default_str();
    c->add_option("--threads", args->threads, "Compute threads (default: every core)")->check(CLI::Range(1, 1024));
    c->add_flag("--json", args->json, "Print one JSON object with loss and accuracy");
    addDataOptions(*c, args->data);
    return [args] { return runEvaluate(*args); };
}

}  // namespace nw::cli
