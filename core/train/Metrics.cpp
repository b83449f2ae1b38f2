#include "train/Metrics.h"

#include <algorithm>

namespace nw {

nlohmann::json Metrics::toJson() const {
    nlohmann::json j{{"loss", loss}, {"samples", samples}};
    j["accuracy"] = accuracy ? nlohmann::json(*accuracy) : nlohmann::json(nullptr);
    if (mse) j["mse"] = *mse;
    if (r2) j["r2"] = *r2;
    return j;
}

Metrics Metrics::fromJson(const nlohmann::json& j) {
    Metrics m;
    m.loss = j.value("loss", 0.0);
    m.samples = j.value("samples", std::size_t{0});
    if (j.contains("accuracy") && j["accuracy"].is_number()) m.accuracy = j["accuracy"].get<double>();
    if (j.contains("mse") && j["mse"].is_number()) m.mse = j["mse"].get<double>();
    if (j.contains("r2") && j["r2"].is_number()) m.r2 = j["r2"].get<double>();
    return m;
}

int predictedClass(const float* row, int width) {
    if (width == 1) return row[0] >= 0.5f ? 1 : 0;
    return static_cast<int>(std::max_element(row, row + width) - row);
}

void MetricsAccumulator::add(const Tensor& outputs, const Tensor& targets, double meanLoss) {
    const int n = outputs.batch();
    const int width = static_cast<int>(outputs.sampleSize());
    samples_ += static_cast<std::size_t>(n);
    lossSum_ += meanLoss * n;
    if (classification_) {
        for (int r = 0; r < n; ++r)
            if (predictedClass(outputs.data() + static_cast<std::size_t>(r) * width, width) == static_cast<int>(targets[r]))
                ++correct_;
        return;
    }
    const auto p = outputs.array().cast<double>();
    const auto y = targets.array().cast<double>();
    squaredError_ += (p - y).square().sum();
    targetSum_ += y.sum();
    targetSquares_ += y.square().sum();
    values_ += outputs.size();
}

Metrics MetricsAccumulator::result() const {
    Metrics m;
    m.samples = samples_;
    if (samples_ == 0) return m;
    m.loss = lossSum_ / static_cast<double>(samples_);
    if (classification_) {
        m.accuracy = static_cast<double>(correct_) / static_cast<double>(samples_);
    } else {
        const double count = static_cast<double>(values_);
        m.mse = squaredError_ / count;
        const double totalVariance = targetSquares_ - targetSum_ * targetSum_ / count;
        if (totalVariance > 0.0) m.r2 = 1.0 - squaredError_ / totalVariance;
    }
    return m;
}

}  // namespace nw
