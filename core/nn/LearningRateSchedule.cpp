#include "nn/LearningRateSchedule.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"

namespace nw {

double LearningRateSchedule::rateAt(double epoch) const {
    if (kind == "step") return baseRate * std::pow(gamma, std::floor(epoch / stepEpochs));
    if (kind == "cosine") {
        const double t = std::clamp(epoch / totalEpochs, 0.0, 1.0);
        return minRate + (baseRate - minRate) * 0.5 * (1.0 + std::cos(3.141592653589793 * t));
    }
    return baseRate;
}

nlohmann::json LearningRateSchedule::toJson() const {
    nlohmann::json j{{"kind", kind}, {"base_rate", baseRate}};
    if (kind == "step") j.update({{"step_epochs", stepEpochs}, {"gamma", gamma}});
    if (kind == "cosine") j.update({{"total_epochs", totalEpochs}, {"min_rate", minRate}});
    return j;
}

LearningRateSchedule LearningRateSchedule::fromJson(const nlohmann::json& j) {
    LearningRateSchedule s;
    s.kind = j.value("kind", s.kind);
    s.baseRate = j.value("base_rate", s.baseRate);
    s.stepEpochs = j.value("step_epochs", s.stepEpochs);
    s.gamma = j.value("gamma", s.gamma);
    s.totalEpochs = j.value("total_epochs", s.totalEpochs);
    s.minRate = j.value("min_rate", s.minRate);
    return s;
}

void LearningRateSchedule::validate() const {
    if (kind != "constant" && kind != "step" && kind != "cosine")
        throw Error("unknown learning-rate schedule '" + kind + "' (expected constant, step or cosine)");
    if (!(baseRate > 0.0) || !std::isfinite(baseRate)) throw Error("learning rate must be a positive number");
    if (kind == "step" && !(stepEpochs > 0.0)) throw Error("step schedule: step_epochs must be positive");
    if (kind == "cosine" && !(totalEpochs > 0.0)) throw Error("cosine schedule: total_epochs must be positive");
}

}  // namespace nw
