#include "train/TrainingChecks.h"

#include "common/Error.h"
#include "nn/Loss.h"

namespace nw {

std::vector<std::string> trainingSetupProblems(const TrainingConfig& config, const Shape& out, const Dataset& data) {
    std::vector<std::string> problems;
    try {
        config.validate();
    } catch (const Error& e) {
        problems.emplace_back(e.what());
    }
    std::unique_ptr<Loss> loss;
    try {
        loss = makeLoss(config.loss);
    } catch (const Error& e) {
        problems.emplace_back(e.what());
    }
    if (out.size() != 1) {
        problems.push_back("the model's output is " + shapeToString(out) +
                           "; a trainable model ends in a flat layer (add flatten and dense)");
        return problems;
    }
    if (!loss) return problems;
    const std::string name = "'" + data.name + "'";
    if (data.task == Task::Classification) {
        const bool binary = config.loss == "binary_cross_entropy" || config.loss == "binary_crossentropy";
        if (!loss->wantsClassTargets())
            problems.push_back("loss '" + config.loss + "' is for regression but " + name +
                               " is a classification set; use cross_entropy");
        else if (binary && (out[0] != 1 || data.classCount() != 2))
            problems.push_back("binary cross-entropy needs one sigmoid output and a two-class set; " + name + " has " +
                               std::to_string(data.classCount()) + " classes and the model " + std::to_string(out[0]) +
                               " outputs");
        else if (!binary && out[0] != data.classCount())
            problems.push_back("the model has " + std::to_string(out[0]) + " outputs but " + name + " has " +
                               std::to_string(data.classCount()) + " classes");
    } else {
        if (loss->wantsClassTargets())
            problems.push_back("loss '" + config.loss + "' needs class labels but " + name +
                               " is a regression set; use mse");
        else if (out[0] != data.outputs)
            problems.push_back("the model has " + std::to_string(out[0]) + " outputs but " + name + " has " +
                               std::to_string(data.outputs) + " targets");
    }
    if (config.augmentation.enabled() && data.sampleShape.size() != 3)
        problems.push_back("augmentation shifts, rotates and scales images, but " + name + " has samples of shape " +
                           shapeToString(data.sampleShape));
    return problems;
}

}  // namespace nw
