#include "train/EpochReportJson.h"

namespace nw {
namespace {

nlohmann::json optional(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::optional<double> optional(const nlohmann::json& j, const char* key) {
    if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
    return std::nullopt;
}

}  // namespace

nlohmann::json epochReportToJson(const EpochReport& r) {
    const bool validation = r.validation.samples > 0;
    nlohmann::json j{{"epoch", r.epoch},
                     {"epochs", r.epochs},
                     {"train_loss", r.train.loss},
                     {"train_accuracy", optional(r.train.accuracy)},
                     {"val_loss", validation ? nlohmann::json(r.validation.loss) : nlohmann::json(nullptr)},
                     {"val_accuracy", validation ? optional(r.validation.accuracy) : nlohmann::json(nullptr)}};
    if (r.train.mse) {
        j["train_mse"] = *r.train.mse;
        j["train_r2"] = optional(r.train.r2);
        if (validation) {
            j["val_mse"] = optional(r.validation.mse);
            j["val_r2"] = optional(r.validation.r2);
        }
    }
    j["learning_rate"] = r.learningRate;
    j["seconds"] = r.seconds;
    return j;
}

EpochReport epochReportFromJson(const nlohmann::json& j) {
    EpochReport r{};
    r.epoch = j.value("epoch", 0);
    r.epochs = j.value("epochs", 0);
    r.train.loss = j.value("train_loss", 0.0);
    r.train.accuracy = optional(j, "train_accuracy");
    r.train.mse = optional(j, "train_mse");
    r.train.r2 = optional(j, "train_r2");
    if (j.contains("val_loss") && j["val_loss"].is_number()) {
        r.validation.loss = j["val_loss"].get<double>();
        r.validation.samples = 1;
        r.validation.accuracy = optional(j, "val_accuracy");
        r.validation.mse = optional(j, "val_mse");
        r.validation.r2 = optional(j, "val_r2");
    }
    r.learningRate = j.value("learning_rate", 0.0);
    r.seconds = j.value("seconds", 0.0);
    return r;
}

}  // namespace nw
