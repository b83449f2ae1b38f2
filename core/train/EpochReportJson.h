#pragma once
#include <nlohmann/json.hpp>

#include "train/TrainingObserver.h"

namespace nw {

// The flat form used in the CLI's --json output and in the model file's history:
// epoch, train_loss, train_accuracy, val_loss, val_accuracy (null when absent),
// train_mse/train_r2/val_mse/val_r2 for regression, learning_rate, seconds.
nlohmann::json epochReportToJson(const EpochReport& report);
EpochReport epochReportFromJson(const nlohmann::json& j);

}  // namespace nw
