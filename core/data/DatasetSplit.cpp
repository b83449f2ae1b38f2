#include "data/DatasetSplit.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/Error.h"
#include "common/Random.h"

namespace nw {

SplitIndices splitSamples(const SampleSet& samples, Task task, double fraction, std::uint64_t seed) {
    SplitIndices split;
    if (fraction <= 0.0) {
        split.kept.resize(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) split.kept[i] = i;
        return split;
    }
    // Regression (or any set treated as one group) is a single stratum.
    std::map<int, std::vector<std::size_t>> strata;
    for (std::size_t i = 0; i < samples.size(); ++i)
        strata[task == Task::Classification ? static_cast<int>(samples.target(i)) : 0].push_back(i);
    Random random(seed ^ 0x9E3779B97F4A7C15ULL);
    for (auto& [label, members] : strata) {
        random.shuffle(members.begin(), members.end());
        auto held = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(members.size())));
        if (members.size() >= 2) held = std::clamp<std::size_t>(held, 1, members.size() - 1);
        else held = 0;
        split.held.insert(split.held.end(), members.begin(), members.begin() + static_cast<long>(held));
        split.kept.insert(split.kept.end(), members.begin() + static_cast<long>(held), members.end());
    }
    std::sort(split.kept.begin(), split.kept.end());
    std::sort(split.held.begin(), split.held.end());
    return split;
}

void carveTestSplit(Dataset& data, double fraction, std::uint64_t seed) {
    if (fraction <= 0.0) return;
    if (!(fraction < 1.0)) throw Error("the test split must be a fraction below 1");
    if (data.hasTest()) throw Error("'" + data.name + "' already has its own test split");
    const SplitIndices split = splitSamples(data.train, data.task, fraction, seed + 1);
    if (split.kept.empty() || split.held.empty()) throw Error("'" + data.name + "' is too small to split off a test set");
    data.test = data.train.subset(split.held);
    data.train = data.train.subset(split.kept);
}

}  // namespace nw
