#include "RunCurves.h"

#include <algorithm>
#include <cmath>

namespace nw::ui {

namespace {

double batchX(const BatchPoint& point, bool inEpochs) {
    return inEpochs ? point.epoch : static_cast<double>(point.step);
}

std::optional<double> finite(std::optional<double> value) {
    if (value && std::isfinite(*value)) return value;
    return std::nullopt;
}

}  // namespace

bool isRegressionRun(const RunRecord& run) {
    if (!run.batches.empty()) return run.batches.front().accuracy < 0.0f;
    if (!run.epochs.empty()) return !run.epochs.front().train.accuracy.has_value();
    return run.config.loss == "mse" || run.config.loss == "mean_squared_error";
}

double epochEndX(const RunRecord& run, int epoch, bool inEpochs) {
    if (inEpochs || run.batches.empty()) return epoch;
    // Batch points are in step order, so their epochs are sorted; a small tolerance keeps the
    // epoch's own last batch (epoch exactly e) despite rounding in its fraction.
    const auto& batches = run.batches;
    const double end = epoch + 1e-9;
    const auto after = std::upper_bound(batches.begin(), batches.end(), end,
                                        [](double e, const BatchPoint& p) { return e < p.epoch; });
    if (after == batches.end() && batches.back().epoch < epoch - 1e-9) {
        // The batch points stop short of this epoch (a record saved without them).
        const BatchPoint& last = batches.back();
        const double batchesPerEpoch = last.epoch > 0.0 ? static_cast<double>(last.step) / last.epoch : 0.0;
        return batchesPerEpoch > 0.0 ? epoch * batchesPerEpoch : epoch;
    }
    if (after == batches.begin()) return 0.0;
    return static_cast<double>(std::prev(after)->step);
}

std::vector<QPointF> batchCurve(const RunRecord& run, float BatchPoint::*field, bool inEpochs) {
    std::vector<QPointF> points;
    points.reserve(run.batches.size());
    for (const BatchPoint& p : run.batches) {
        const float value = p.*field;
        if (!std::isfinite(value)) continue;
        if (field == &BatchPoint::accuracy && value < 0.0f) continue;
        points.emplace_back(batchX(p, inEpochs), value);
    }
    return points;
}

std::vector<QPointF> epochCurve(const RunRecord& run, const std::function<std::optional<double>(const EpochReport&)>& value,
                                bool inEpochs) {
    std::vector<QPointF> points;
    points.reserve(run.epochs.size());
    for (const EpochReport& report : run.epochs)
        if (const auto v = finite(value(report))) points.emplace_back(epochEndX(run, report.epoch, inEpochs), *v);
    return points;
}

std::vector<QPointF> gradientNormCurve(const RunRecord& run, std::size_t layer, bool inEpochs) {
    std::vector<QPointF> points;
    points.reserve(run.gradientNorms.size());
    for (const GradientNormPoint& p : run.gradientNorms) {
        if (layer >= p.norms.size()) continue;
        const float norm = p.norms[layer];
        if (std::isfinite(norm) && norm > 0.0f)
            points.emplace_back(inEpochs ? p.epoch : static_cast<double>(p.step), norm);
    }
    return points;
}

std::optional<double> trainLoss(const EpochReport& report) { return report.train.loss; }

std::optional<double> validationLoss(const EpochReport& report) {
    if (report.validation.samples == 0) return std::nullopt;
    return report.validation.loss;
}

std::optional<double> trainAccuracyOrR2(const EpochReport& report, bool regression) {
    return regression ? report.train.r2 : report.train.accuracy;
}

std::optional<double> validationAccuracyOrR2(const EpochReport& report, bool regression) {
    if (report.validation.samples == 0) return std::nullopt;
    return regression ? report.validation.r2 : report.validation.accuracy;
}

}  // namespace nw::ui
