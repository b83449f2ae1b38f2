#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/Layer.h"
#include "nn/kernels/SampleParallel.h"

namespace nw {

struct OptimizerSettings {
    std::string kind = "adam";  // sgd, adam, rmsprop
    float momentum = 0.0f;      // sgd
    bool nesterov = false;      // sgd
    float weightDecay = 0.0f;   // L2 added to the gradient (all)
    float beta1 = 0.9f, beta2 = 0.999f;  // adam
    float rho = 0.9f;           // rmsprop
    float epsilon = 1e-7f;      // adam, rmsprop

    nlohmann::json toJson() const;
    static OptimizerSettings fromJson(const nlohmann::json& j);
};

// An optimizer's memory between steps, so a checkpointed run resumes exactly: the step
// count (Adam's bias correction) and one array per parameter for each kind of state,
// named "<kind>.<parameter index>" ("m.0", "v.0", "velocity.2", ...).
struct OptimizerState {
    long steps = 0;
    std::vector<std::pair<std::string, Eigen::ArrayXf>> arrays;
};

// Updates parameters from their gradients. Per-parameter state (moments, velocities) is
// allocated on the first step and reused; the parameter list must not change afterwards.
class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual void step(const std::vector<Parameter>& parameters, float learningRate) = 0;
    long steps() const { return steps_; }

    OptimizerState state();
    // Takes a state saved from an optimizer of the same kind for the same parameters.
    // Throws nw::Error naming the array that does not fit.
    void restore(const OptimizerState& state, const std::vector<Parameter>& parameters);

protected:
    // Calls update(i, first, count) on each parameter's values [first, first + count) that
    // this thread owns: the parameter's rows split as threadShare splits them, which is how
    // the layers split their weight rows, so every update runs on the core that computed the
    // gradient and will read the weights next. Element-wise updates give the same numbers
    // on any thread count.
    template <typename Update>
    static void forEachOwnedSlice(const std::vector<Parameter>& parameters, Update&& update);
    // The kinds of per-parameter state this optimizer keeps, by name.
    virtual std::vector<std::pair<std::string, std::vector<Eigen::ArrayXf>*>> stateSlots() { return {}; }
    long steps_ = 0;
};

template <typename Update>
void Optimizer::forEachOwnedSlice(const std::vector<Parameter>& parameters, Update&& update) {
    std::int64_t values = 0;
    for (const auto& p : parameters) values += static_cast<std::int64_t>(p.value->size());
    // About ten flops and 28 bytes of memory traffic per value.
    const int threads = sampleThreads(static_cast<int>(std::min<std::int64_t>(values, 1 << 30)), 8);
    forEachThread(threads, [&](int t, int n) {
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const Tensor& value = *parameters[i].value;
            const int rows = value.rank() >= 2 ? value.dim(0) : static_cast<int>(value.size());
            const std::size_t rowSize = rows > 0 ? value.size() / static_cast<std::size_t>(rows) : 0;
            const auto share = threadShare(rows, t, n);
            if (share.last > share.first)
                update(i, static_cast<std::ptrdiff_t>(share.first * rowSize),
                       static_cast<std::ptrdiff_t>((share.last - share.first) * rowSize));
        }
    });
}

class SgdOptimizer : public Optimizer {
public:
    explicit SgdOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

protected:
    std::vector<std::pair<std::string, std::vector<Eigen::ArrayXf>*>> stateSlots() override { return {{"velocity", &velocity_}}; }

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> velocity_;
};

class AdamOptimizer : public Optimizer {
public:
    explicit AdamOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

protected:
    std::vector<std::pair<std::string, std::vector<Eigen::ArrayXf>*>> stateSlots() override {
        return {{"m", &firstMoment_}, {"v", &secondMoment_}};
    }

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> firstMoment_, secondMoment_;
};

class RmsPropOptimizer : public Optimizer {
public:
    explicit RmsPropOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

protected:
    std::vector<std::pair<std::string, std::vector<Eigen::ArrayXf>*>> stateSlots() override { return {{"mean_square", &meanSquare_}}; }

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> meanSquare_;
};

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerSettings& settings);

}  // namespace nw
