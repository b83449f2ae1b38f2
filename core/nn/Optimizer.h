#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/Layer.h"

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

// Updates parameters from their gradients. Per-parameter state (moments, velocities) is
// allocated on the first step and reused; the parameter list must not change afterwards.
class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual void step(const std::vector<Parameter>& parameters, float learningRate) = 0;
    long steps() const { return steps_; }

protected:
    long steps_ = 0;
};

class SgdOptimizer : public Optimizer {
public:
    explicit SgdOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> velocity_;
};

class AdamOptimizer : public Optimizer {
public:
    explicit AdamOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> firstMoment_, secondMoment_;
};

class RmsPropOptimizer : public Optimizer {
public:
    explicit RmsPropOptimizer(const OptimizerSettings& settings) : settings_(settings) {}
    void step(const std::vector<Parameter>& parameters, float learningRate) override;

private:
    OptimizerSettings settings_;
    std::vector<Eigen::ArrayXf> meanSquare_;
};

std::unique_ptr<Optimizer> makeOptimizer(const OptimizerSettings& settings);

}  // namespace nw
