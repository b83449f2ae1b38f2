#include "data/SyntheticDatasets.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <numbers>

#include "common/Error.h"
#include "common/Random.h"

namespace nw {
namespace {

constexpr double kPi = std::numbers::pi;

// Writes one sample of class `label` (its `rank`-th of `count`) into point[0..1]. Noise is
// applied by the caller so every generator means the same thing by it: a Gaussian with
// standard deviation `noise` added to each coordinate after the label is fixed. Points can
// therefore cross the class boundary, as in sklearn.
using PointMaker = std::function<void(int label, int rank, int count, Random& random, double point[2])>;

struct Generator {
    GeneratorEntry entry;
    std::vector<std::string> classNames;
    PointMaker point;
};

// Two arms 1.75 turns long, half a turn apart (the TensorFlow Playground spiral, scaled from
// radius 5 to 1.5 so features stay near [-1.5, 1.5]). Points are evenly spaced along each arm.
void spiralPoint(int label, int rank, int count, Random&, double p[2]) {
    const double f = static_cast<double>(rank) / count;
    const double r = 1.5 * f;
    const double t = 1.75 * f * 2.0 * kPi + (label == 0 ? 0.0 : kPi);
    p[0] = r * std::sin(t);
    p[1] = r * std::cos(t);
}

// A disk of radius 0.75 inside a ring from 1.05 to 1.5 (the Playground's proportions). The
// radius is uniform, not the area, so the disk is densest in the middle as there.
void circlesPoint(int label, int, int, Random& random, double p[2]) {
    const double r = label == 0 ? random.uniform(0.0, 0.75) : random.uniform(1.05, 1.5);
    const double angle = random.uniform(0.0, 2.0 * kPi);
    p[0] = r * std::sin(angle);
    p[1] = r * std::cos(angle);
}

// Class 0 where x and y share a sign, class 1 where they differ. The class is chosen first
// and the quadrant drawn within it, so the classes stay exactly balanced; a 0.1 margin keeps
// points off the axes (the Playground's padding) so noise-free data has a clean boundary.
void xorPoint(int label, int, int, Random& random, double p[2]) {
    const double sx = random.uniform() < 0.5 ? -1.0 : 1.0;
    const double sy = label == 0 ? sx : -sx;
    p[0] = sx * random.uniform(0.1, 1.5);
    p[1] = sy * random.uniform(0.1, 1.5);
}

// sklearn's make_moons, shifted by (-0.5, -0.25) to centre it: x in [-1.5, 1.5], y in
// [-0.75, 0.75]. The angle is drawn at random rather than on sklearn's even grid.
void moonsPoint(int label, int, int, Random& random, double p[2]) {
    const double t = random.uniform(0.0, kPi);
    if (label == 0) {
        p[0] = std::cos(t) - 0.5;
        p[1] = std::sin(t) - 0.25;
    } else {
        p[0] = 1.0 - std::cos(t) - 0.5;
        p[1] = 0.5 - std::sin(t) - 0.25;
    }
}

// Three blobs centred on the unit circle, 120 degrees apart; all their spread is the noise.
void blobsPoint(int label, int, int, Random&, double p[2]) {
    const double angle = kPi / 2.0 + label * 2.0 * kPi / 3.0;
    p[0] = std::cos(angle);
    p[1] = std::sin(angle);
}

// Shortest round-trip form, independent of the C locale (Qt sets it from the environment).
std::string formatNumber(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

Generator generator(std::string name, const std::string& what, double noise, std::vector<std::string> classes,
                    PointMaker point) {
    std::string description = what + "; Gaussian noise, sigma " + formatNumber(noise) + " by default";
    return {{std::move(name), std::move(description), noise}, std::move(classes), std::move(point)};
}

const std::vector<Generator>& generators() {
    static const std::vector<Generator> all{
        generator("spiral", "two interleaved spiral arms (TensorFlow Playground)", 0.05, {"arm A", "arm B"}, spiralPoint),
        generator("circles", "a disk inside a ring", 0.1, {"inner", "outer"}, circlesPoint),
        generator("xor", "x and y of the same sign or of opposite signs", 0.1, {"same sign", "opposite sign"}, xorPoint),
        generator("moons", "two interleaving half circles (sklearn make_moons)", 0.1, {"upper", "lower"}, moonsPoint),
        generator("blobs", "three blobs on the unit circle", 0.3, {"0", "1", "2"}, blobsPoint),
    };
    return all;
}

std::string generatorNames() {
    std::string names;
    for (const auto& g : generators()) names += (names.empty() ? "" : ", ") + g.entry.name;
    return names;
}

}  // namespace

const std::vector<GeneratorEntry>& classificationGenerators() {
    static const std::vector<GeneratorEntry> entries = [] {
        std::vector<GeneratorEntry> e;
        for (const auto& g : generators()) e.push_back(g.entry);
        return e;
    }();
    return entries;
}

bool isGeneratorName(const std::string& name) {
    for (const auto& g : generators())
        if (g.entry.name == name) return true;
    return false;
}

Dataset makeGeneratedDataset(const std::string& name, const GeneratorOptions& options) {
    const Generator* generator = nullptr;
    for (const auto& g : generators())
        if (g.entry.name == name) generator = &g;
    if (!generator) throw Error("unknown generator '" + name + "' (expected " + generatorNames() + ")");
    if (options.samples < 4 || options.samples > 10'000'000)
        throw Error("generator " + name + ": samples must be between 4 and 10,000,000, got " +
                    std::to_string(options.samples));
    // Any negative noise means "the default" (GeneratorOptions' convention); NaN is not a choice.
    if (std::isnan(options.noise) || options.noise > 10.0)
        throw Error("generator " + name + ": noise must be between 0 and 10 (or negative for the default, " +
                    formatNumber(generator->entry.defaultNoise) + "), got " + formatNumber(options.noise));
    const double noise = options.noise < 0.0 ? generator->entry.defaultNoise : options.noise;

    const int classes = static_cast<int>(generator->classNames.size());
    const int n = options.samples;
    std::vector<float> x(static_cast<std::size_t>(n) * 2), y(static_cast<std::size_t>(n));
    Random random(options.seed);
    // Sample i belongs to class i % classes: interleaved and balanced to within one sample.
    for (int i = 0; i < n; ++i) {
        const int label = i % classes;
        const int count = n / classes + (label < n % classes ? 1 : 0);
        double p[2];
        generator->point(label, i / classes, count, random, p);
        p[0] += noise * random.normal();
        p[1] += noise * random.normal();
        x[2 * static_cast<std::size_t>(i)] = static_cast<float>(p[0]);
        x[2 * static_cast<std::size_t>(i) + 1] = static_cast<float>(p[1]);
        y[static_cast<std::size_t>(i)] = static_cast<float>(label);
    }
    Dataset d;
    d.name = name;
    d.task = Task::Classification;
    d.sampleShape = {2};
    d.classNames = generator->classNames;
    d.train = SampleSet({2}, std::move(x), std::move(y), 1);
    d.normalization = Normalization::identity();
    return d;
}

}  // namespace nw
