#pragma once
#include <cmath>
#include <cstdint>
#include <random>

namespace nw {

// One seeded generator type for the whole engine, so a seed means the same numbers on every
// machine: mt19937_64 is fully specified by the standard, and the distributions below are
// written out here instead of using std::*_distribution, whose algorithms vary by library.
class Random {
public:
    explicit Random(std::uint64_t seed = 0) : engine_(seed) {}

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }

    // Standard normal via Box-Muller.
    double normal() {
        double u1 = uniform();
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    // Uniform integer in [0, n) without modulo bias.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t r;
        do { r = engine_(); } while (r >= limit);
        return r % n;
    }

    template <typename It>
    void shuffle(It first, It last) {
        const auto n = last - first;
        for (auto i = n - 1; i > 0; --i) std::swap(first[i], first[below(static_cast<std::uint64_t>(i) + 1)]);
    }

    std::uint64_t next() { return engine_(); }

private:
    std::mt19937_64 engine_;
};

}  // namespace nw
