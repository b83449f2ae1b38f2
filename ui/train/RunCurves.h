#pragma once
#include <QPointF>
#include <functional>
#include <optional>
#include <vector>

#include "train/RunRecord.h"

namespace nw::ui {

// Reads a run record's curves as chart points against the chosen time axis: the optimizer
// step, or the fractional epoch. Points whose value is not finite (a diverged run's NaN
// loss) are left out, so the charts never have to draw them.

// Regression runs have no accuracy: their charts show R² per epoch instead. Decided from the
// recorded points, or before the first one from the loss the run trains with.
bool isRegressionRun(const RunRecord& run);

// Where the report of epoch `epoch` (1-based) sits: at x = epoch, or in steps at the step of
// the last batch of that epoch (estimated from the batches per epoch when the batch points
// do not reach it).
double epochEndX(const RunRecord& run, int epoch, bool inEpochs);

// One value per batch point, e.g. &BatchPoint::loss; negative accuracies (regression) are
// left out along with non-finite values.
std::vector<QPointF> batchCurve(const RunRecord& run, float BatchPoint::*field, bool inEpochs);

// One value per epoch report; the function returns nothing for epochs without the value
// (no validation split, no accuracy).
std::vector<QPointF> epochCurve(const RunRecord& run, const std::function<std::optional<double>(const EpochReport&)>& value,
                                bool inEpochs);

// The sampled gradient norm of one layer; only positive values (the axis is logarithmic).
std::vector<QPointF> gradientNormCurve(const RunRecord& run, std::size_t layer, bool inEpochs);

// Per-epoch metrics the charts draw: loss, and accuracy or R² for the accuracy chart.
std::optional<double> trainLoss(const EpochReport& report);
std::optional<double> validationLoss(const EpochReport& report);
std::optional<double> trainAccuracyOrR2(const EpochReport& report, bool regression);
std::optional<double> validationAccuracyOrR2(const EpochReport& report, bool regression);

}  // namespace nw::ui
