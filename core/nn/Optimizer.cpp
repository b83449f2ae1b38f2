#include "nn/Optimizer.h"

#include <cmath>

#include "common/Error.h"

namespace nw {
namespace {

void allocateState(std::vector<Eigen::ArrayXf>& state, const std::vector<Parameter>& parameters) {
    if (state.size() == parameters.size()) return;
    state.clear();
    for (const auto& p : parameters) state.push_back(Eigen::ArrayXf::Zero(static_cast<Eigen::Index>(p.value->size())));
}

}  // namespace

nlohmann::json OptimizerSettings::toJson() const {
    nlohmann::json j{{"kind", kind}, {"weight_decay", weightDecay}};
    if (kind == "sgd") j.update({{"momentum", momentum}, {"nesterov", nesterov}});
    if (kind == "adam") j.update({{"beta1", beta1}, {"beta2", beta2}, {"epsilon", epsilon}});
    if (kind == "rmsprop") j.update({{"rho", rho}, {"epsilon", epsilon}});
    return j;
}

OptimizerSettings OptimizerSettings::fromJson(const nlohmann::json& j) {
    OptimizerSettings s;
    s.kind = j.value("kind", s.kind);
    s.momentum = j.value("momentum", s.momentum);
    s.nesterov = j.value("nesterov", s.nesterov);
    s.weightDecay = j.value("weight_decay", s.weightDecay);
    s.beta1 = j.value("beta1", s.beta1);
    s.beta2 = j.value("beta2", s.beta2);
    s.rho = j.value("rho", s.rho);
    s.epsilon = j.value("epsilon", s.epsilon);
    return s;
}

OptimizerState Optimizer::state() {
    OptimizerState saved;
    saved.steps = steps_;
    for (auto& [kind, arrays] : stateSlots())
        for (std::size_t i = 0; i < arrays->size(); ++i) saved.arrays.emplace_back(kind + "." + std::to_string(i), (*arrays)[i]);
    return saved;
}

void Optimizer::restore(const OptimizerState& saved, const std::vector<Parameter>& parameters) {
    if (saved.steps < 0) throw Error("the optimizer state has a negative step count");
    auto slots = stateSlots();
    // Before the first step there is no state to restore (SGD without momentum has none).
    const std::size_t expected = saved.arrays.empty() ? 0 : slots.size() * parameters.size();
    if (saved.arrays.size() != expected)
        throw Error("the optimizer state has " + std::to_string(saved.arrays.size()) + " arrays; this optimizer needs " +
                    std::to_string(slots.size() * parameters.size()));
    std::size_t next = 0;
    for (auto& [kind, arrays] : slots) {
        arrays->clear();
        if (expected == 0) continue;
        for (std::size_t i = 0; i < parameters.size(); ++i, ++next) {
            const auto& [name, values] = saved.arrays[next];
            if (name != kind + "." + std::to_string(i) || values.size() != static_cast<Eigen::Index>(parameters[i].value->size()))
                throw Error("optimizer state '" + name + "' does not fit parameter " + std::to_string(i) + " (" +
                            parameters[i].name + ")");
            arrays->push_back(values);
        }
    }
    steps_ = saved.steps;
}

// PyTorch's SGD: v = mu v + g; step along g + mu v (Nesterov) or v. Weight decay is added
// to the gradient in place: gradients are rewritten by every backward pass.
void SgdOptimizer::step(const std::vector<Parameter>& parameters, float lr) {
    ++steps_;
    if (settings_.momentum > 0.0f) allocateState(velocity_, parameters);
    const float decay = settings_.weightDecay, momentum = settings_.momentum;
    forEachOwnedSlice(parameters, [&](std::size_t i, std::ptrdiff_t first, std::ptrdiff_t count) {
        auto w = parameters[i].value->array().segment(first, count);
        auto g = parameters[i].gradient->array().segment(first, count);
        if (decay > 0.0f) g += decay * w;
        if (momentum <= 0.0f) {
            w -= lr * g;
            return;
        }
        auto v = velocity_[i].segment(first, count);
        v = momentum * v + g;
        if (settings_.nesterov) w -= lr * (g + momentum * v);
        else w -= lr * v;
    });
}

// Adam with bias correction folded into the step size (Kingma & Ba, section 2).
void AdamOptimizer::step(const std::vector<Parameter>& parameters, float lr) {
    ++steps_;
    allocateState(firstMoment_, parameters);
    allocateState(secondMoment_, parameters);
    const float b1 = settings_.beta1, b2 = settings_.beta2;
    const double correction1 = 1.0 - std::pow(static_cast<double>(b1), static_cast<double>(steps_));
    const double correction2 = 1.0 - std::pow(static_cast<double>(b2), static_cast<double>(steps_));
    const float stepSize = static_cast<float>(lr * std::sqrt(correction2) / correction1);
    const float epsilon = settings_.epsilon * static_cast<float>(std::sqrt(correction2));
    const float decay = settings_.weightDecay;
    forEachOwnedSlice(parameters, [&](std::size_t i, std::ptrdiff_t first, std::ptrdiff_t count) {
        float* w = parameters[i].value->data() + first;
        const float* g = parameters[i].gradient->data() + first;
        float* m = firstMoment_[i].data() + first;
        float* v = secondMoment_[i].data() + first;
        // One pass over weights, gradient and both moments (instead of one per statement):
        // the update is bound by memory, not arithmetic.
#pragma omp simd
        for (std::ptrdiff_t k = 0; k < count; ++k) {
            const float grad = g[k] + decay * w[k];
            m[k] = b1 * m[k] + (1.0f - b1) * grad;
            v[k] = b2 * v[k] + (1.0f - b2) * grad * grad;
            w[k] -= stepSize * m[k] / (std::sqrt(v[k]) + epsilon);
        }
    });
}

void RmsPropOptimizer::step(const std::vector<Parameter>& parameters, float lr) {
    ++steps_;
    allocateState(meanSquare_, parameters);
    const float decay = settings_.weightDecay, rho = settings_.rho, epsilon = settings_.epsilon;
    forEachOwnedSlice(parameters, [&](std::size_t i, std::ptrdiff_t first, std::ptrdiff_t count) {
        auto w = parameters[i].value->array().segment(first, count);
        auto g = parameters[i].gradient->array().segment(first, count);
        if (decay > 0.0f) g += decay * w;
        auto s = meanSquare_[i].segment(first, count);
        s = rho * s + (1.0f - rho) * g.square();
        w -= lr * g / (s.sqrt() + epsilon);
    });
}

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerSettings& settings) {
    if (settings.kind == "sgd") return std::make_unique<SgdOptimizer>(settings);
    if (settings.kind == "adam") return std::make_unique<AdamOptimizer>(settings);
    if (settings.kind == "rmsprop") return std::make_unique<RmsPropOptimizer>(settings);
    throw Error("unknown optimizer '" + settings.kind + "' (expected sgd, adam or rmsprop)");
}

}  // namespace nw
