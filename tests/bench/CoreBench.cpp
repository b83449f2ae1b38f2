// The compute core alone, for scripts/bench.sh (tests/bench/run_bench.py); prints one JSON object.
//   netwright-core-bench infer --model mlp|cnn [--data-dir DIR] [--threads T] [--calls N]
//     median latency of one MNIST test image through a preset (inference mode), and the
//     seconds to predict all 10,000 test images in chunks, as `netwright-cli predict` does.
//   netwright-core-bench gemm-peak [--threads T] [--size N] [--reps R]
//     float GEMM GFLOP/s on square matrices through the dense layers' product (nn/kernels/Gemm.h:
//     OpenBLAS where the build uses it): the practical roofline of this machine, against
//     which the scaling suite puts the training GEMMs.
//   netwright-core-bench layers --model mlp|cnn [--batch B] [--batches N] [--threads T]
//     where a training step's time goes: milliseconds per batch in each layer's forward and
//     backward pass, the loss, the optimizer step and the batch gather, over N shuffled
//     batches of MNIST after a warm-up; run it at 1 and 2 threads to see what scales.
// --threads 0 (the default) is the core's default, every core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/Random.h"
#include "nn/Loss.h"
#include "nn/Optimizer.h"
#include "nn/kernels/ComputeThreads.h"
#include "nn/kernels/Gemm.h"
#include "data/DatasetCatalog.h"
#include "train/Evaluation.h"
#include "train/Presets.h"
#include "train/Trainer.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The value at fraction p of the sorted values.
double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

// --name value pairs after the subcommand; anything else is an error.
std::map<std::string, std::string> parseOptions(int argc, char** argv) {
    std::map<std::string, std::string> options;
    for (int i = 2; i < argc; i += 2) {
        const std::string name = argv[i];
        if (name.rfind("--", 0) != 0 || i + 1 >= argc) throw nw::Error("expected --option value, got '" + name + "'");
        options[name.substr(2)] = argv[i + 1];
    }
    return options;
}

std::string option(const std::map<std::string, std::string>& options, const std::string& name, const std::string& fallback) {
    const auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

int applyThreads(const std::map<std::string, std::string>& options) {
    const int threads = std::stoi(option(options, "threads", "0"));
    nw::setComputeThreads(threads);
    return threads > 0 ? threads : nw::defaultComputeThreads();
}

nw::Dataset loadMnist(const std::map<std::string, std::string>& options) {
    nw::DatasetOptions dataOptions;
    dataOptions.dataDir = option(options, "data-dir", NETWRIGHT_SOURCE_DATA_DIR);
    return nw::loadDataset("mnist", dataOptions);
}

// A preset network (--model), untrained, on MNIST, with the normalization training would fit
// (cnn: standardised pixels), so its input is what a trained model would see; speed does
// not depend on the weights.
struct PresetOnMnist {
    PresetOnMnist(const std::map<std::string, std::string>& options, const std::string& defaultModel)
        : data(loadMnist(options)), preset(nw::makePreset(option(options, "model", defaultModel), data)),
          model(preset.spec, data.sampleShape, preset.training.seed),
          normalization(nw::fitNormalization(data.train, nw::normalizationKindFromName(preset.training.normalization),
                                             data.normalization)) {}

    nw::Dataset data;
    nw::Preset preset;
    nw::Model model;
    nw::Normalization normalization;
};

nlohmann::json infer(const std::map<std::string, std::string>& options) {
    const int threads = applyThreads(options);
    const int calls = std::stoi(option(options, "calls", "2000"));
    PresetOnMnist setup(options, "mlp");
    const nw::Dataset& data = setup.data;
    nw::Model& model = setup.model;
    const nw::Normalization& normalization = setup.normalization;
    const std::string& preset = setup.preset.name;

    // (a) One real test image, normalised once as predictRaw would; only the forward pass is
    // timed, as on the PyTorch side.
    const std::vector<float> raw = data.test.rawSample(0);
    nw::Tensor x;
    x.resizeBatch(1, model.inputShape());
    std::copy(raw.begin(), raw.end(), x.data());
    normalization.apply(x.data(), 1, raw.size());
    float sink = 0.0f;  // keeps the calls from being optimised away
    for (int i = 0; i < std::max(50, calls / 20); ++i) sink += model.forward(x, false)[0];
    std::vector<double> latencies(static_cast<std::size_t>(calls));
    for (double& latency : latencies) {
        const auto start = Clock::now();
        sink += model.forward(x, false)[0];
        latency = secondsSince(start);
    }

    // (b) The whole test split through predictRaw (chunks of 500, normalisation included),
    // best of three after one warm-up pass.
    std::vector<std::vector<float>> images;
    images.reserve(data.test.size());
    for (std::size_t i = 0; i < data.test.size(); ++i) images.push_back(data.test.rawSample(i));
    double best = 1e30;
    for (int rep = 0; rep < 4; ++rep) {
        const auto start = Clock::now();
        const auto outputs = nw::predictRaw(model, images, normalization);
        const double seconds = secondsSince(start);
        sink += outputs.back()[0];
        if (rep > 0) best = std::min(best, seconds);
    }
    return {{"model", preset},
            {"threads", threads},
            {"calls", calls},
            {"latency_median_s", percentile(latencies, 0.5)},
            {"latency_p90_s", percentile(latencies, 0.9)},
            {"images", images.size()},
            {"throughput_s", best},
            {"images_per_s", static_cast<double>(images.size()) / best},
            {"checksum", sink}};
}

nlohmann::json gemmPeak(const std::map<std::string, std::string>& options) {
    const int threads = applyThreads(options);
    // The roofline is the product the dense layers call (nn/kernels/Gemm.h: OpenBLAS where the
    // build uses it, else Eigen) with that many threads of its own; the layers split batches
    // themselves and keep it on one thread per caller.
    nw::setGemmThreads(threads);
    const int n = std::stoi(option(options, "size", "1024"));
    const int reps = std::stoi(option(options, "reps", "10"));
    nw::RowMatrix a = nw::RowMatrix::Random(n, n), b = nw::RowMatrix::Random(n, n), c(n, n);
    auto product = [&] { nw::gemm(nw::Transpose::No, nw::Transpose::No, n, n, n, a.data(), n, b.data(), n, 0.0f, c.data(), n); };
    product();  // warm-up: pages touched, threads started
    double best = 1e30;
    for (int rep = 0; rep < reps; ++rep) {
        const auto start = Clock::now();
        product();
        best = std::min(best, secondsSince(start));
    }
    const double flops = 2.0 * n * n * static_cast<double>(n);
    return {{"threads", threads}, {"size", n}, {"reps", reps}, {"seconds", best}, {"gflops", flops / best / 1e9},
            {"checksum", c(0, 0)}};
}

nlohmann::json layerTimes(const std::map<std::string, std::string>& options) {
    const int threads = applyThreads(options);
    const int batch = std::stoi(option(options, "batch", "32"));
    const int batches = std::stoi(option(options, "batches", "1000"));
    PresetOnMnist setup(options, "cnn");
    const nw::Dataset& data = setup.data;
    const nw::Preset& p = setup.preset;
    nw::Model& model = setup.model;
    const nw::Normalization& normalization = setup.normalization;
    const std::string& preset = p.name;
    const auto loss = nw::makeLoss(p.training.loss);
    const bool fused = loss->fusesWith(model.outputActivation());
    model.setOutputActivationFusedIntoLoss(fused);
    auto optimizer = nw::makeOptimizer(p.training.optimizer);
    auto parameters = model.parameters();
    // Model::backward's own stop: nothing before the first layer that learns.
    std::size_t firstLearning = 0;
    while (firstLearning < model.layerCount() && model.layer(firstLearning).parameters().empty()) ++firstLearning;

    std::vector<std::size_t> order(data.train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    nw::Random(7).shuffle(order.begin(), order.end());
    const std::size_t layers = model.layerCount();
    std::vector<double> forwardSeconds(layers), backwardSeconds(layers);
    double gatherSeconds = 0, lossSeconds = 0, stepSeconds = 0;
    nw::Tensor x, y, lossGradient;
    const int warmUp = std::max(20, batches / 10);
    const auto total = Clock::now();
    for (int b = -warmUp; b < batches; ++b) {
        const bool timed = b >= 0;
        auto lap = Clock::now();
        auto record = [&](double& sum) {
            const auto now = Clock::now();
            if (timed) sum += std::chrono::duration<double>(now - lap).count();
            lap = now;
        };
        const std::size_t first = (static_cast<std::size_t>(b + warmUp) * batch) % (order.size() - batch);
        data.train.gather(std::span(order).subspan(first, batch), normalization, x, y);
        record(gatherSeconds);
        const nw::Tensor* out = &x;
        for (std::size_t i = 0; i < layers; ++i) {
            out = &model.layer(i).forward(*out, true);
            record(forwardSeconds[i]);
        }
        loss->value(*out, y);
        if (fused) loss->gradientThroughActivation(*out, y, lossGradient);
        else loss->gradient(*out, y, lossGradient);
        record(lossSeconds);
        const nw::Tensor* g = &lossGradient;
        for (std::size_t i = layers; i-- > firstLearning;) {
            g = &model.layer(i).backward(*g);
            record(backwardSeconds[i]);
        }
        optimizer->step(parameters, static_cast<float>(p.training.schedule.rateAt(0.0)));
        record(stepSeconds);
    }
    const double totalSeconds = secondsSince(total) * batches / (batches + warmUp);
    auto perBatchMs = [&](double seconds) { return seconds * 1e3 / batches; };
    nlohmann::json perLayer = nlohmann::json::array();
    for (std::size_t i = 0; i < layers; ++i)
        perLayer.push_back({{"layer", std::to_string(i + 1) + " " + model.layer(i).type()},
                            {"forward_ms", perBatchMs(forwardSeconds[i])},
                            {"backward_ms", perBatchMs(backwardSeconds[i])}});
    return {{"model", preset},          {"threads", threads},
            {"batch", batch},           {"batches", batches},
            {"layers", perLayer},       {"gather_ms", perBatchMs(gatherSeconds)},
            {"loss_ms", perBatchMs(lossSeconds)}, {"optimizer_ms", perBatchMs(stepSeconds)},
            {"step_ms", perBatchMs(totalSeconds)}};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string usage =
        "usage: netwright-core-bench infer --model mlp|cnn [--data-dir DIR] [--threads T] [--calls N]\n"
        "       netwright-core-bench gemm-peak [--threads T] [--size N] [--reps R]\n"
        "       netwright-core-bench layers --model mlp|cnn [--batch B] [--batches N] [--threads T]\n";
    if (argc < 2) {
        std::fputs(usage.c_str(), stderr);
        return 2;
    }
    try {
        const std::string command = argv[1];
        const auto options = parseOptions(argc, argv);
        nlohmann::json out;
        if (command == "infer") out = infer(options);
        else if (command == "gemm-peak") out = gemmPeak(options);
        else if (command == "layers") out = layerTimes(options);
        else {
            std::fputs(usage.c_str(), stderr);
            return 2;
        }
        std::printf("%s\n", out.dump().c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
