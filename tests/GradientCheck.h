#pragma once
// Central-difference gradient checks shared by the layer and loss suites.
#include <cmath>
#include <functional>
#include <string>

#include "common/Random.h"
#include "nn/Tensor.h"

namespace nw::testing {

inline void fillRandom(Tensor& t, Random& rng, double low = -1.0, double high = 1.0) {
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<float>(rng.uniform(low, high));
}

// Largest |analytic - numeric| / max(1, |numeric|) over all elements of `values`, where the
// numeric derivative of `objective` is taken by central differences on each element.
inline double worstGradientError(Tensor& values, const Tensor& analytic, const std::function<double()>& objective,
                                 float epsilon = 1e-3f) {
    double worst = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const float saved = values[i];
        values[i] = saved + epsilon;
        const double plus = objective();
        values[i] = saved - epsilon;
        const double minus = objective();
        values[i] = saved;
        const double numeric = (plus - minus) / (2.0 * epsilon);
        const double error = std::abs(analytic[i] - numeric) / std::max(1.0, std::abs(numeric));
        worst = std::max(worst, error);
    }
    return worst;
}

}  // namespace nw::testing
