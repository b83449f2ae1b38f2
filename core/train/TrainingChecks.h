#pragma once
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "nn/Activation.h"
#include "nn/Tensor.h"
#include "train/TrainingConfig.h"

namespace nw {

// Every reason a run of this configuration cannot start on a model with this output and on
// this data (a hyperparameter out of range, a loss for the wrong task, an output layer of
// the wrong width), each said so a user can fix it. Empty when the run can start. The
// trainer refuses to start with the first; the Train screen shows them all beforehand.
std::vector<std::string> trainingSetupProblems(const TrainingConfig& config, const Shape& modelOutput, const Dataset& data);

}  // namespace nw
