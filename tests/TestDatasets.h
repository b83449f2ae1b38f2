#pragma once
// Small in-memory datasets shared by the UI suites.
#include <QString>
#include <cstdlib>
#include <numeric>
#include <string>

#include <vector>

#include "common/Random.h"
#include "data/Dataset.h"

namespace nw::testing {

// The folder holding mnist/ and fashion-mnist/ (CTest sets NETWRIGHT_DATA_DIR).
inline QString dataDir() {
    const char* env = std::getenv("NETWRIGHT_DATA_DIR");
    return env ? QString::fromLocal8Bit(env) : QStringLiteral("data");
}

// No samples, only the shape and classes of MNIST: what presets and shape inference need.
inline Dataset mnistShaped() {
    Dataset d;
    d.name = "mnist-shaped";
    d.sampleShape = {1, 28, 28};
    for (int c = 0; c < 10; ++c) d.classNames.push_back(std::to_string(c));
    return d;
}

// Three gaussian blobs in 2-D, of the given sizes, drawn class by class in turn: an easy
// classification problem (classes "a", "b", "c").
inline Dataset blobs(const std::vector<int>& perClass, std::uint64_t seed) {
    Random r(seed);
    std::vector<float> x, y;
    const float centres[3][2] = {{-2, 0}, {2, 0}, {0, 2.5f}};
    const int total = std::accumulate(perClass.begin(), perClass.end(), 0);
    std::vector<int> left = perClass;
    for (int i = 0; i < total; ++i) {
        int c = i % 3;
        while (left[c] == 0) c = (c + 1) % 3;
        --left[c];
        x.push_back(centres[c][0] + 0.5f * static_cast<float>(r.normal()));
        x.push_back(centres[c][1] + 0.5f * static_cast<float>(r.normal()));
        y.push_back(static_cast<float>(c));
    }
    Dataset d;
    d.name = "blobs";
    d.sampleShape = {2};
    d.classNames = {"a", "b", "c"};
    d.train = SampleSet({2}, std::move(x), std::move(y), 1);
    return d;
}

}  // namespace nw::testing
