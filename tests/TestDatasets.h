#pragma once
// Small in-memory datasets shared by the UI suites.
#include <QString>
#include <cstdlib>
#include <string>

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

}  // namespace nw::testing
