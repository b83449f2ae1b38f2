#include "inspect/ConfusionMatrix.h"

#include <algorithm>

#include "common/Error.h"

namespace nw {

ConfusionMatrix::ConfusionMatrix(int classes) : classes_(classes) {
    if (classes < 0) throw Error("a confusion matrix needs a non-negative class count (got " + std::to_string(classes) + ")");
    counts_.assign(static_cast<std::size_t>(classes) * static_cast<std::size_t>(classes), 0);
}

ConfusionMatrix ConfusionMatrix::from(const PredictionSet& predictions) {
    ConfusionMatrix m(predictions.classCount);
    for (const auto& s : predictions.samples) m.add(s.trueClass, s.predictedClass);
    return m;
}

void ConfusionMatrix::add(int trueClass, int predictedClass) {
    if (trueClass < 0 || trueClass >= classes_ || predictedClass < 0 || predictedClass >= classes_)
        throw Error("class pair (" + std::to_string(trueClass) + ", " + std::to_string(predictedClass) +
                    ") is outside a confusion matrix of " + std::to_string(classes_) + " classes");
    ++counts_[static_cast<std::size_t>(trueClass) * classes_ + predictedClass];
}

std::int64_t ConfusionMatrix::count(int trueClass, int predictedClass) const {
    if (trueClass < 0 || trueClass >= classes_ || predictedClass < 0 || predictedClass >= classes_) return 0;
    return counts_[static_cast<std::size_t>(trueClass) * classes_ + predictedClass];
}

std::int64_t ConfusionMatrix::total() const {
    std::int64_t sum = 0;
    for (auto c : counts_) sum += c;
    return sum;
}

double ConfusionMatrix::accuracy() const {
    const std::int64_t all = total();
    if (all == 0) return 0.0;
    std::int64_t correct = 0;
    for (int c = 0; c < classes_; ++c) correct += count(c, c);
    return static_cast<double>(correct) / static_cast<double>(all);
}

ClassMetrics ConfusionMatrix::metrics(int cls) const {
    ClassMetrics m;
    if (cls < 0 || cls >= classes_) return m;
    std::int64_t predicted = 0;
    for (int c = 0; c < classes_; ++c) {
        m.support += count(cls, c);
        predicted += count(c, cls);
    }
    const auto hits = static_cast<double>(count(cls, cls));
    if (predicted > 0) m.precision = hits / static_cast<double>(predicted);
    if (m.support > 0) m.recall = hits / static_cast<double>(m.support);
    if (m.precision + m.recall > 0.0) m.f1 = 2.0 * m.precision * m.recall / (m.precision + m.recall);
    return m;
}

std::vector<ConfusedPair> ConfusionMatrix::mostConfused(int n) const {
    std::vector<ConfusedPair> pairs;
    if (n <= 0) return pairs;
    for (int t = 0; t < classes_; ++t)
        for (int p = 0; p < classes_; ++p)
            if (t != p && count(t, p) > 0) pairs.push_back({t, p, count(t, p)});
    // Row-major collection already orders ties by true class, then predicted class.
    std::stable_sort(pairs.begin(), pairs.end(), [](const ConfusedPair& a, const ConfusedPair& b) { return a.count > b.count; });
    if (pairs.size() > static_cast<std::size_t>(n)) pairs.resize(static_cast<std::size_t>(n));
    return pairs;
}

}  // namespace nw
