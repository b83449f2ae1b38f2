#include "train/TrainingConfig.h"

#include "common/Error.h"
#include "data/Dataset.h"

namespace nw {

nlohmann::json TrainingConfig::toJson() const {
    return {{"loss", loss},           {"optimizer", optimizer.toJson()},
            {"schedule", schedule.toJson()}, {"batch_size", batchSize},
            {"epochs", epochs},       {"validation_split", validationSplit},
            {"seed", seed},           {"threads", threads},
            {"normalization", normalization}, {"augmentation", augmentation.toJson()}};
}

TrainingConfig TrainingConfig::fromJson(const nlohmann::json& j) {
    TrainingConfig c;
    c.loss = j.value("loss", c.loss);
    if (j.contains("optimizer")) c.optimizer = OptimizerSettings::fromJson(j["optimizer"]);
    if (j.contains("schedule")) c.schedule = LearningRateSchedule::fromJson(j["schedule"]);
    c.batchSize = j.value("batch_size", c.batchSize);
    c.epochs = j.value("epochs", c.epochs);
    c.validationSplit = j.value("validation_split", c.validationSplit);
    c.seed = j.value("seed", c.seed);
    c.threads = j.value("threads", c.threads);
    c.normalization = j.value("normalization", c.normalization);
    if (j.contains("augmentation")) c.augmentation = AugmentationSettings::fromJson(j["augmentation"]);
    return c;
}

void TrainingConfig::validate() const {
    if (batchSize < 0) throw Error("batch size must be positive (or 0 for the whole set)");
    if (epochs < 1) throw Error("epochs must be at least 1");
    if (!(validationSplit >= 0.0 && validationSplit < 1.0)) throw Error("validation split must be in [0, 1)");
    if (threads < 0) throw Error("threads must be positive (or 0 for every core)");
    schedule.validate();
    normalizationKindFromName(normalization);
    makeOptimizer(optimizer);
}

}  // namespace nw
