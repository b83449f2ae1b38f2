#pragma once
#include <vector>

#include "nn/Model.h"

namespace nw {

// d(score of `classIndex`)/d(input) for one normalised sample (a tensor of shape
// (1, sampleShape...)), where the score is the output layer's pre-activation value (the
// logit before softmax or sigmoid), as in Simonyan et al. Same shape as the input. Uses
// the model's own backward pass with the first layer's input gradient switched on for the
// call; the model's parameter gradients are overwritten. A model with one sigmoid unit
// has classes 0 and 1: class 1 is scored by the unit's logit, class 0 by its negation.
Tensor inputGradient(Model& model, const Tensor& sample, int classIndex);

// A saliency map for an image sample (channels, height, width): the largest absolute input
// gradient over the channels at each pixel, scaled so the largest is 1. height × width
// values, row by row.
std::vector<float> saliencyMap(Model& model, const Tensor& sample, int classIndex);

}  // namespace nw
