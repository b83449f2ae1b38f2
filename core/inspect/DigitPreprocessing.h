#pragma once
#include <vector>

namespace nw {

// Turns a drawing into a digit the way MNIST's were made: the ink's bounding box is scaled
// (keeping its aspect ratio, with anti-aliasing) to fit 20 × 20, then placed in a 28 × 28
// image so that its centre of mass is at the centre. `canvas` holds width × height ink
// values in [0, 1] (0: background), row by row. Returns 784 values in [0, 255], like an
// MNIST byte image; all zeros when the canvas has no ink.
std::vector<float> mnistStyleDigit(const std::vector<float>& canvas, int width, int height);

}  // namespace nw
