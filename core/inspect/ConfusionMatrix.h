#pragma once
#include <cstdint>
#include <vector>

#include "inspect/PredictionSet.h"

namespace nw {

struct ClassMetrics {
    double precision = 0.0;  // 0 when nothing was predicted as the class
    double recall = 0.0;     // 0 when the class has no samples
    double f1 = 0.0;
    std::int64_t support = 0;  // samples whose true class it is
};

struct ConfusedPair {
    int trueClass = 0;
    int predictedClass = 0;
    std::int64_t count = 0;
};

// Counts of (true class, predicted class) pairs, rows true, columns predicted.
class ConfusionMatrix {
public:
    explicit ConfusionMatrix(int classes = 0);
    static ConfusionMatrix from(const PredictionSet& predictions);

    void add(int trueClass, int predictedClass);
    int classes() const { return classes_; }
    std::int64_t count(int trueClass, int predictedClass) const;
    std::int64_t total() const;
    double accuracy() const;
    ClassMetrics metrics(int cls) const;
    // Off-diagonal cells by count, largest first (ties: lower true class, then lower
    // predicted class), at most n of them, zero counts left out.
    std::vector<ConfusedPair> mostConfused(int n) const;

private:
    int classes_;
    std::vector<std::int64_t> counts_;
};

}  // namespace nw
