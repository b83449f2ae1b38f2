#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace nw {

// The learning rate as a function of training progress, measured in (fractional) epochs.
struct LearningRateSchedule {
    std::string kind = "constant";  // constant, step, cosine
    double baseRate = 0.001;
    double stepEpochs = 1.0;  // step: multiply by gamma every stepEpochs epochs
    double gamma = 0.1;
    double totalEpochs = 1.0;  // cosine: anneal from baseRate to minRate over this span
    double minRate = 0.0;

    double rateAt(double epoch) const;
    nlohmann::json toJson() const;
    static LearningRateSchedule fromJson(const nlohmann::json& j);
    // Throws nw::Error naming the bad field.
    void validate() const;
};

}  // namespace nw
