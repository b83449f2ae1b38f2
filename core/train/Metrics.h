#pragma once
#include <nlohmann/json.hpp>
#include <optional>

#include "nn/Tensor.h"

namespace nw {

// Loss plus what makes sense for the task: accuracy for classifiers, MSE and R² for
// regression.
struct Metrics {
    double loss = 0.0;
    std::optional<double> accuracy;
    std::optional<double> mse;
    std::optional<double> r2;
    std::size_t samples = 0;

    nlohmann::json toJson() const;
    static Metrics fromJson(const nlohmann::json& j);
};

// Accumulates metrics over batches of one pass.
class MetricsAccumulator {
public:
    explicit MetricsAccumulator(bool classification) : classification_(classification) {}
    // outputs: (batch, width); targets: class indices (batch) or values (batch[, width]).
    void add(const Tensor& outputs, const Tensor& targets, double meanLoss);
    Metrics result() const;
    std::size_t correctCount() const { return correct_; }

private:
    bool classification_;
    std::size_t samples_ = 0;
    double lossSum_ = 0.0;
    std::size_t correct_ = 0;
    double squaredError_ = 0.0, targetSum_ = 0.0, targetSquares_ = 0.0;
    std::size_t values_ = 0;
};

// Index of the predicted class of one output row (one sigmoid unit: 0 or 1).
int predictedClass(const float* row, int width);

}  // namespace nw
