#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/Dataset.h"

namespace nw {

struct GeneratorOptions {
    int samples = 1000;    // in total, spread evenly over the classes
    double noise = -1.0;   // negative: the generator's own default
    std::uint64_t seed = 1;
};

struct GeneratorEntry {
    std::string name;
    std::string description;
    double defaultNoise;
};

// The 2-D classification generators: spiral, circles, xor, moons, blobs.
const std::vector<GeneratorEntry>& classificationGenerators();
bool isGeneratorName(const std::string& name);

// A 2-D classification set (sampleShape {2}, float features, no test split, no
// normalization), identical for the same options on every machine. Throws nw::Error for an
// unknown name or options out of range (samples < 4 or > 10,000,000, noise NaN or > 10).
Dataset makeGeneratedDataset(const std::string& name, const GeneratorOptions& options);

}  // namespace nw
