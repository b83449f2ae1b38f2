#pragma once
#include <cstddef>

#include "nn/kernels/WindowGeometry.h"

namespace nw {

// A convolution as a matrix product: im2col unfolds one sample's `channels` planes into
// columns, (channels * windowH * windowW) rows of one value per output position, each row
// `rowStride` floats after the one before (the columns of several samples can sit side by
// side); padding reads as zero. col2im folds such columns (a column gradient) back, adding
// up every position's share of each input cell.
void im2col(const PlaneWindows& g, int channels, const float* sample, float* columns, std::ptrdiff_t rowStride);
// Overwrites the whole sample.
void col2im(const PlaneWindows& g, int channels, const float* columns, std::ptrdiff_t rowStride, float* sample);

}  // namespace nw
