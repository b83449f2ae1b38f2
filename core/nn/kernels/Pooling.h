#pragma once
#include <cstdint>

#include "nn/kernels/SampleParallel.h"
#include "nn/kernels/WindowGeometry.h"

// The AVX-512 variant of the 2x2 max pooling (nn/kernels/PoolingAvx512.cpp) exists only in a
// build for a CPU that has it; elsewhere the plain kernel, which the compiler vectorises for
// what the CPU does have, runs in its place.
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#define NETWRIGHT_POOLING_AVX512 1
#endif

namespace nw {

// Pooling over `planes` NCHW planes laid end to end, each a g.height x g.width input and a
// g.outputPlane() output.

// Whether the 2x2 kernels below fit: 2x2 windows, stride 2, no padding.
bool isPlain2x2(const PlaneWindows& g);

// The common 2x2, stride-2 max pooling without padding, over the compute threads. `where`
// keeps each window's winner (0, 1 top left/right, 2, 3 bottom left/right), all
// maxUnpool2x2 needs.
void maxPool2x2(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int planes);
// Routes each output gradient to its window's winner and zeroes every other input cell.
// prepare(first, last) runs first on each thread's planes [first, last): the layer's
// derivative of the activation before it, taken at the pooled outputs into gradOutput.
void maxUnpool2x2(const PlaneWindows& g, RangeFunction prepare, const float* gradOutput, const std::uint8_t* where,
                  float* gradInput, int planes);

// The same on planes [first, last), one thread: the plain kernel and, where the build has
// it, the AVX-512 one; maxPool2x2 and maxUnpool2x2 run the fastest the build has.
void maxPool2x2Plain(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int first,
                     int last);
void maxUnpool2x2Plain(const PlaneWindows& g, const float* gradOutput, const std::uint8_t* where, float* gradInput,
                       int first, int last);
#ifdef NETWRIGHT_POOLING_AVX512
void maxPool2x2Avx512(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int first,
                      int last);
void maxUnpool2x2Avx512(const PlaneWindows& g, const float* gradOutput, const std::uint8_t* where, float* gradInput,
                        int first, int last);
#endif

// Any window, stride and padding, one thread. Max pooling keeps each output's winner as an
// index into its input plane; average pooling divides by the number of real (unpadded)
// inputs in each window, as Keras does.
void maxPool(const PlaneWindows& g, const float* input, float* output, int* argmax, int planes);
void averagePool(const PlaneWindows& g, const float* input, float* output, int planes);
// Overwrite gradInput.
void maxUnpool(const PlaneWindows& g, const float* gradOutput, const int* argmax, float* gradInput, int planes);
void averageUnpool(const PlaneWindows& g, const float* gradOutput, float* gradInput, int planes);

}  // namespace nw
