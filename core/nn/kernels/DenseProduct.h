#pragma once
#include <Eigen/Core>
#include <vector>

#include "nn/kernels/SampleParallel.h"

namespace nw {

// A dense layer's product, x (batch, inputs) times W (inputs, units), all row-major.
struct DenseShape {
    int batch, inputs, units;
};

// How many threads share a dense product of this shape.
int denseThreads(const DenseShape& shape);

// The threads after the first sum their inputs' share of the output here; the layer keeps
// them between batches, so a forward pass allocates nothing after the first.
using DensePartialSums = std::vector<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// Threads split the product by its inputs: thread t owns rows threadShare(inputs, t, n) of
// the weights, multiplies them in the forward pass, writes their gradient in the backward
// pass, and (the optimizer splitting every parameter the same way) updates them, so each
// thread's weights, gradients and moments stay in its own core's cache from one batch to the
// next. Only the batch-sized activations cross between cores. Splitting the batch instead
// made every thread read all of the weights and sum a weight gradient per thread.

// y = x W + bias (no bias when null). The threads' partial products are added up in thread
// order, each thread for its share of the samples, which it then hands to finishRows (the
// activation: softmax needs whole samples) while they are still in its cache.
void denseForward(const DenseShape& shape, int threads, const float* x, const float* weights, const float* bias,
                  float* y, DensePartialSums& partials, RangeFunction finishRows);

// From the gradient at the product's output: the weight gradient, the bias gradient (skipped
// when null) and the input gradient (skipped when null). Each thread writes the gradient of
// its own weight rows and the input gradient of its own inputs, so nothing is summed across
// threads.
void denseBackward(const DenseShape& shape, int threads, const float* x, const float* weights, const float* gradOutput,
                   float* weightsGrad, float* biasGrad, float* inputGrad);
// The same, first running differentiateRows on each thread's share of the samples (the
// activation's derivative, which writes gradOutput) and waiting for every share.
void denseBackwardThrough(RangeFunction differentiateRows, const DenseShape& shape, int threads, const float* x,
                          const float* weights, const float* gradOutput, float* weightsGrad, float* biasGrad,
                          float* inputGrad);

}  // namespace nw
