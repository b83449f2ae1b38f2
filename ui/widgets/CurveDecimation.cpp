#include "CurveDecimation.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace nw::ui {

namespace {

// The smallest power of two that splits `interior` points into at most `buckets` buckets.
std::size_t bucketSizeFor(std::size_t interior, std::size_t buckets) {
    std::size_t size = 1;
    while ((interior + size - 1) / size > buckets) size *= 2;
    return size;
}

}  // namespace

QList<QPointF> decimateMinMax(const std::vector<QPointF>& points, int maxPoints) {
    const std::size_t n = points.size();
    const std::size_t budget = static_cast<std::size_t>(std::max(maxPoints, 2));
    if (n <= budget) return QList<QPointF>(points.begin(), points.end());

    // First and last are kept on their own; every bucket of the interior adds at most two.
    const std::size_t interior = n - 2;
    const std::size_t bucketsAllowed = std::max<std::size_t>(1, (budget - 2) / 2);
    const std::size_t bucketSize = bucketSizeFor(interior, bucketsAllowed);

    QList<QPointF> kept;
    kept.reserve(static_cast<qsizetype>(2 + 2 * ((interior + bucketSize - 1) / bucketSize)));
    kept.append(points.front());
    for (std::size_t begin = 1; begin < n - 1; begin += bucketSize) {
        const std::size_t end = std::min(begin + bucketSize, n - 1);
        std::size_t low = begin, high = begin;
        for (std::size_t i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[low].y()) low = i;
            if (points[i].y() > points[high].y()) high = i;
        }
        const std::size_t first = std::min(low, high), second = std::max(low, high);
        kept.append(points[first]);
        if (second != first) kept.append(points[second]);
    }
    kept.append(points.back());
    return kept;
}

QList<QPointF> decimateMean(const std::vector<QPointF>& points, int maxPoints) {
    const std::size_t n = points.size();
    const std::size_t budget = static_cast<std::size_t>(std::max(maxPoints, 3));
    if (n <= budget) return QList<QPointF>(points.begin(), points.end());

    const std::size_t bucketSize = bucketSizeFor(n - 2, budget - 2);
    QList<QPointF> kept;
    kept.reserve(static_cast<qsizetype>(2 + (n - 2 + bucketSize - 1) / bucketSize));
    kept.append(points.front());
    for (std::size_t begin = 1; begin < n - 1; begin += bucketSize) {
        const std::size_t end = std::min(begin + bucketSize, n - 1);
        QPointF sum;
        for (std::size_t i = begin; i < end; ++i) sum += points[i];
        kept.append(sum / static_cast<double>(end - begin));
    }
    kept.append(points.back());
    return kept;
}

std::vector<QPointF> exponentialMovingAverage(const std::vector<QPointF>& points, double smoothing) {
    const double weight = std::clamp(smoothing, 0.0, 0.999);
    std::vector<QPointF> smoothed;
    smoothed.reserve(points.size());
    double average = 0.0;
    double weightPower = 1.0;  // weight^n after n finite points
    for (const QPointF& p : points) {
        if (!std::isfinite(p.y())) continue;
        average = weight * average + (1.0 - weight) * p.y();
        weightPower *= weight;
        // Debiasing: the average started at 0, so after n points only 1 − weight^n of it is
        // data; dividing restores the scale (and is exact for a constant curve).
        smoothed.emplace_back(p.x(), weight > 0.0 ? average / (1.0 - weightPower) : p.y());
    }
    return smoothed;
}

}  // namespace nw::ui
