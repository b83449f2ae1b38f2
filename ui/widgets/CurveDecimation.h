#pragma once
#include <QList>
#include <QPointF>
#include <vector>

namespace nw::ui {

// Pure helpers that turn long training curves into what a chart can redraw many times a
// second: a run of 10 MNIST epochs at batch 32 has 18,750 batch points, a chart series should
// hold a few thousand at most.

// Keeps the first and the last point and, for each bucket of consecutive points in between,
// the lowest and the highest (in x order), so loss spikes stay visible however far the curve
// is thinned. Returns at most maxPoints points (all of them when they already fit). The
// bucket size is a power of two, so while a curve grows the buckets already drawn keep their
// boundaries and the drawn line does not shimmer from one refresh to the next.
QList<QPointF> decimateMinMax(const std::vector<QPointF>& points, int maxPoints);

// Keeps the first and the last point and replaces each bucket in between by its mean point
// (same power-of-two buckets): for curves that show a trend, like a smoothed loss, where
// the extremes of each bucket would only draw leftover noise as a band.
QList<QPointF> decimateMean(const std::vector<QPointF>& points, int maxPoints);

// Exponential moving average of y as TensorBoard draws it: smoothed = smoothing × previous +
// (1 − smoothing) × y, divided by (1 − smoothing^n) after n points so the start is not
// pulled towards 0. smoothing is clamped to 0 .. 0.999; 0 returns the points unchanged.
// Points whose y is not finite are left out.
std::vector<QPointF> exponentialMovingAverage(const std::vector<QPointF>& points, double smoothing);

}  // namespace nw::ui
