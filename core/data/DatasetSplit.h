#pragma once
#include <cstdint>
#include <vector>

#include "data/Dataset.h"

namespace nw {

struct SplitIndices {
    std::vector<std::size_t> kept;  // sorted
    std::vector<std::size_t> held;  // sorted
};

// Holds out `fraction` of the samples at random (seeded). For classification the split is
// stratified: each class gives up the same share (rounded per class), so a rare class is
// present on both sides whenever it has at least two samples.
SplitIndices splitSamples(const SampleSet& samples, Task task, double fraction, std::uint64_t seed);

// Carves a stratified test split out of the training split of a set that has none (CSV,
// generators). Throws nw::Error if the set already has a test split or nothing would remain.
void carveTestSplit(Dataset& data, double fraction, std::uint64_t seed);

}  // namespace nw
