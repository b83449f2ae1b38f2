#pragma once
#include <vector>

#include "data/Normalization.h"
#include "nn/Activation.h"
#include "nn/Tensor.h"

namespace nw {

// Internal to netwright_inspect: turns a classifier's output rows into class probabilities,
// whatever its output activation.
//  - width 1 (one unit): sigmoid output p, or a linear logit passed through the logistic
//    function, gives [1 − p, p];
//  - softmax: the outputs as they are;
//  - linear: softmax of the logits;
//  - any other activation (relu, sigmoid on several units, ...): the outputs clamped at 0
//    and divided by their sum (uniform when they are all 0).
// `out` gets rows × classWidth(width) values.
int classWidth(int outputWidth);
void classProbabilities(const float* outputs, int rows, int width, const Activation& activation, float* out);
// The predicted class of one probability row of a model with `outputWidth` outputs: the
// first largest, or for one unit p ≥ 0.5 as train/Metrics predictedClass has it.
int mostProbableClass(const float* probabilities, int outputWidth);

// Throws nw::Error when the normalization does not fit `features` values per sample
// (Normalization::apply assumes it does).
void checkNormalization(const Normalization& normalization, std::size_t features);

}  // namespace nw
