#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "Commands.h"
#include "ProgressBar.h"
#include "common/Error.h"
#include "io/ModelFile.h"
#include "train/EpochReportJson.h"
#include "train/Presets.h"
#include "train/Trainer.h"

namespace nw::cli {
namespace {

struct TrainArgs {
    std::string dataset = "mnist";
    std::string model = "mlp";
    DataOptions data;
    std::optional<int> epochs, batchSize, threads;
    std::optional<std::size_t> trainSamples;
    std::optional<std::string> optimizer, loss, schedule;
    std::optional<std::string> normalize;
    std::string augment;
    std::optional<double> lr, valSplit, momentum, weightDecay;
    bool nesterov = false;
    std::uint64_t seed = 1;
    std::string save;
    std::string checkpoint, resume;
    bool json = false;
};

// Prints epochs as they end: JSON lines, or a readable line with a live bar in between.
class ConsoleReporter : public TrainingObserver {
public:
    ConsoleReporter(bool json, bool regression, std::size_t trainSamples)
        : json_(json), regression_(regression), trainSamples_(trainSamples), bar_("epoch 1", stderrIsTerminal()) {}

    void onBatchEnd(const BatchReport& r) override {
        if (!bar_.enabled()) return;
        if (r.batch == 1) {
            epochStart_ = std::chrono::steady_clock::now();
            seen_ = 0;
            bar_ = ProgressBar("epoch " + std::to_string(r.epoch), true);
        }
        seen_ += static_cast<std::size_t>(r.batchSize);
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart_).count();
        const double rate = elapsed > 0 ? static_cast<double>(seen_) / elapsed : 0.0;
        const double eta = rate > 0 ? static_cast<double>(trainSamples_ - std::min(seen_, trainSamples_)) / rate : 0.0;
        char detail[96];
        std::snprintf(detail, sizeof detail, "loss %.4f  %.0f samples/s  ETA %.0fs", r.loss, rate, eta);
        bar_.update(static_cast<double>(r.batch) / r.batchesPerEpoch, detail);
    }

    void onEpochEnd(const EpochReport& r) override {
        bar_.finish();
        if (json_) {
            auto j = epochReportToJson(r);
            j["event"] = "epoch";
            std::printf("%s\n", j.dump().c_str());
        } else if (regression_) {
            std::printf("epoch %d/%d  loss %.5f  r2 %s  val_loss %s  val_r2 %s  (%.2fs)\n", r.epoch, r.epochs, r.train.loss,
                        formatMetric(r.train.r2).c_str(),
                        formatMetric(r.validation.samples ? std::optional(r.validation.loss) : std::nullopt, 5).c_str(),
                        formatMetric(r.validation.r2).c_str(), r.seconds);
        } else {
            std::printf("epoch %d/%d  loss %.4f  accuracy %s  val_loss %s  val_accuracy %s  (%.2fs)\n", r.epoch, r.epochs,
                        r.train.loss, formatMetric(r.train.accuracy).c_str(),
                        formatMetric(r.validation.samples ? std::optional(r.validation.loss) : std::nullopt).c_str(),
                        formatMetric(r.validation.accuracy).c_str(), r.seconds);
        }
        std::fflush(stdout);
    }

private:
    bool json_, regression_;
    std::size_t trainSamples_;
    ProgressBar bar_;
    std::chrono::steady_clock::time_point epochStart_{};
    std::size_t seen_ = 0;
};

// A regression run with thousands of full-batch steps prints a line every so often, not
// every step.
class ThinningReporter : public TrainingObserver {
public:
    ThinningReporter(TrainingObserver& inner, int epochs) : inner_(inner), every_(std::max(1, epochs / 20)) {}
    void onBatchEnd(const BatchReport& r) override { inner_.onBatchEnd(r); }
    void onEpochEnd(const EpochReport& r) override {
        if (r.epoch == 1 || r.epoch % every_ == 0 || r.epoch == r.epochs) inner_.onEpochEnd(r);
    }

private:
    TrainingObserver& inner_;
    int every_;
};

// Writes a checkpoint at every epoch end, then passes the report on.
class CheckpointWriter : public TrainingObserver {
public:
    CheckpointWriter(TrainingObserver& inner, std::string path, Model& model, const Dataset& data, Trainer& trainer)
        : inner_(inner), path_(std::move(path)), model_(model), data_(data), trainer_(trainer) {}
    void onBatchEnd(const BatchReport& r) override { inner_.onBatchEnd(r); }
    void onEpochEnd(const EpochReport& r) override {
        const TrainingState state = trainer_.state();
        saveCheckpoint(path_, model_, metadataFor(data_, trainer_.normalization(), trainer_.config(), state.history), state);
        inner_.onEpochEnd(r);
    }

private:
    TrainingObserver& inner_;
    std::string path_;
    Model& model_;
    const Dataset& data_;
    Trainer& trainer_;
};

nlohmann::json readSpecOrPreset(const std::string& model, const Dataset& data, TrainingConfig& config) {
    if (isPresetName(model)) {
        Preset preset = makePreset(model, data);
        config = preset.training;
        return preset.spec;
    }
    if (!std::filesystem::exists(model))
        throw Error("--model '" + model + "' is neither a preset (linreg, mlp, cnn, mlp64, tiny, logreg) nor an existing spec file");
    config.loss = data.task == Task::Classification ? "cross_entropy" : "mse";
    return loadSpecFile(model);
}

int runTrain(const TrainArgs& a) {
    Dataset data = loadDatasetFor(a.dataset, a.data, a.seed, !a.json);
    if (a.trainSamples && *a.trainSamples < data.train.size()) {
        std::vector<std::size_t> first(*a.trainSamples);
        std::iota(first.begin(), first.end(), std::size_t{0});
        data.train = data.train.subset(first);
    }
    TrainingConfig config;
    std::optional<Checkpoint> resumed;
    nlohmann::json spec;
    if (!a.resume.empty()) {
        // The run goes on as it was set up; only its length and thread count may change.
        resumed = loadCheckpoint(a.resume);
        config = resumed->saved.metadata.training;
        spec = resumed->saved.model->spec();
        if (resumed->saved.model->inputShape() != data.sampleShape)
            throw Error("checkpoint " + a.resume + " holds a model for " + shapeToString(resumed->saved.model->inputShape()) +
                        " inputs but '" + data.name + "' has " + shapeToString(data.sampleShape));
        if (a.epochs) config.epochs = *a.epochs;
        if (a.threads) config.threads = *a.threads;
    } else {
        spec = readSpecOrPreset(a.model, data, config);
        if (a.epochs) config.epochs = *a.epochs;
        if (a.batchSize) config.batchSize = *a.batchSize;
        if (a.threads) config.threads = *a.threads;
        if (a.optimizer) config.optimizer.kind = *a.optimizer;
        if (a.loss) config.loss = *a.loss;
        if (a.schedule) config.schedule.kind = *a.schedule;
        if (a.lr) config.schedule.baseRate = *a.lr;
        if (a.valSplit) config.validationSplit = *a.valSplit;
        if (a.momentum) config.optimizer.momentum = static_cast<float>(*a.momentum);
        if (a.weightDecay) config.optimizer.weightDecay = static_cast<float>(*a.weightDecay);
        if (a.nesterov) config.optimizer.nesterov = true;
        config.seed = a.seed;
        if (a.normalize) config.normalization = *a.normalize;
        if (!a.augment.empty()) {
            try {
                config.augmentation = AugmentationSettings::parse(a.augment);
            } catch (const Error& e) {
                throw CLI::ValidationError("--augment", e.what());
            }
        }
    }
    config.schedule.totalEpochs = config.epochs;

    Model model = resumed ? std::move(*resumed->saved.model) : Model(spec, data.sampleShape, config.seed);
    Trainer trainer(model, data, config);
    if (resumed) trainer.resumeFrom(resumed->state);
    if (!a.json)
        std::printf("training %s (%lld parameters) on %s: %zu training, %zu validation samples; %s, lr %g, batch %s, %d epoch%s\n",
                    model.name().c_str(), static_cast<long long>(model.parameterCount()), data.name.c_str(),
                    trainer.trainingIndices().size(), trainer.validationIndices().size(), config.optimizer.kind.c_str(),
                    config.schedule.baseRate, config.batchSize > 0 ? std::to_string(config.batchSize).c_str() : "full",
                    config.epochs, config.epochs == 1 ? "" : "s");
    ConsoleReporter console(a.json, data.task == Task::Regression, trainer.trainingIndices().size());
    ThinningReporter thinned(console, config.epochs);
    TrainingObserver& shown = (!a.json && config.epochs > 50) ? static_cast<TrainingObserver&>(thinned) : console;
    CheckpointWriter checkpoints(shown, a.checkpoint, model, data, trainer);
    TrainingObserver& observer = a.checkpoint.empty() ? shown : checkpoints;
    if (resumed && !a.json) std::printf("resuming after epoch %d of %d\n", resumed->state.epochsDone, config.epochs);
    TrainingResult result = trainer.run(&observer);
    if (result.status == TrainingResult::Status::Diverged) throw DivergenceError(result.message);

    nlohmann::json done{{"event", "done"}, {"epochs", result.history.size()}};
    std::optional<Metrics> test;
    if (data.hasTest()) test = trainer.evaluate(data.test);
    if (test) {
        done["test_loss"] = test->loss;
        done["test_accuracy"] = test->accuracy ? nlohmann::json(*test->accuracy) : nlohmann::json(nullptr);
        if (test->r2) done["test_r2"] = *test->r2;
    }
    if (!a.save.empty()) {
        saveModel(a.save, model, metadataFor(data, trainer.normalization(), config, result.history));
        done["saved"] = a.save;
    }
    if (a.json) {
        std::printf("%s\n", done.dump().c_str());
    } else {
        if (test && test->accuracy) std::printf("test: loss %.4f  accuracy %.4f\n", test->loss, *test->accuracy);
        else if (test) std::printf("test: loss %.5f  r2 %s\n", test->loss, formatMetric(test->r2).c_str());
        if (!a.save.empty()) std::printf("saved %s\n", a.save.c_str());
    }
    return 0;
}

}  // namespace

Action addTrainCommand(CLI::App& app) {
    auto args = std::make_shared<TrainArgs>();
    auto* c = app.add_subcommand("train", "Train a model on a dataset");
    c->add_option("--dataset", args->dataset,
                  "mnist, fashion-mnist, a generator (linear, spiral, circles, xor, moons, blobs), a CSV file, a folder "
                  "of IDX files or an image folder")->capture_default_str();
    c->add_option("--model", args->model, "A preset (linreg, mlp, cnn, mlp64, tiny, logreg) or a model spec JSON file")
        ->capture_default_str();
    c->add_option("--epochs", args->epochs, "Passes over the training data (default: the preset's)")->check(CLI::Range(1, 1'000'000));
    c->add_option("--batch-size", args->batchSize, "Samples per step; 0 for the whole set (default: the preset's)")
        ->check(CLI::Range(0, 10'000'000));
    c->add_option("--optimizer", args->optimizer, "sgd, adam or rmsprop")->check(CLI::IsMember({"sgd", "adam", "rmsprop"}));
    c->add_option("--lr", args->lr, "Learning rate")->check(CLI::PositiveNumber);
    c->add_option("--schedule", args->schedule, "Learning-rate schedule: constant, step or cosine")
        ->check(CLI::IsMember({"constant", "step", "cosine"}));
    c->add_option("--loss", args->loss, "mse, cross_entropy or binary_cross_entropy")
        ->check(CLI::IsMember({"mse", "cross_entropy", "binary_cross_entropy", "sparse_categorical_crossentropy",
                               "categorical_crossentropy", "binary_crossentropy"}));
    c->add_option("--momentum", args->momentum, "SGD momentum")->check(CLI::Range(0.0, 1.0));
    c->add_flag("--nesterov", args->nesterov, "SGD with Nesterov momentum");
    c->add_option("--weight-decay", args->weightDecay, "L2 weight decay")->check(CLI::Range(0.0, 1.0));
    c->add_option("--seed", args->seed, "Seed for initialisation, shuffling and generators")->capture_default_str();
    c->add_option("--threads", args->threads, "Compute threads (default: every core)")->check(CLI::Range(1, 1024));
    c->add_option("--val-split", args->valSplit, "Fraction of the training data held out for validation")
        ->check(CLI::Range(0.0, 0.99));
    c->add_option("--normalize", args->normalize,
                  "Input normalization fitted on the training split: default (images to [0,1]), standard, "
                  "per-feature or none (default: the preset's)")
        ->check(CLI::IsMember({"default", "standard", "per-feature", "none"}));
    c->add_option("--augment", args->augment,
                  "Random image augmentation per training batch, e.g. shift=2,rotate=10,scale=0.1");
    c->add_option("--train-samples", args->trainSamples, "Use only the first N training samples (quick experiments)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
    c->add_option("--save", args->save, "Write the trained model to this file");
    c->add_option("--checkpoint", args->checkpoint,
                  "Write a checkpoint (a model file that can also resume training) to this file at every epoch end");
    c->add_option("--resume", args->resume,
                  "Continue the run saved in this checkpoint, with its model and settings; --epochs sets the new total")
        ->check(CLI::ExistingFile);
    c->add_flag("--json", args->json, "One JSON object per line: each epoch, then a final 'done'");
    addDataOptions(*c, args->data);
    return [args] { return runTrain(*args); };
}

}  // namespace nw::cli
