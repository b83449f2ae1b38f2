#pragma once
#include <cmath>

namespace nw::ui {

// A tick spacing at round numbers for an axis spanning `span`: 1, 2 or 5 times a power of
// ten, near span / 5. Shared by the hand-painted plots.
inline double niceTickStep(double span) {
    if (!(span > 0)) return 1.0;
    const double raw = span / 5;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

}  // namespace nw::ui
