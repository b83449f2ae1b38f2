#pragma once
#include <algorithm>

namespace nw {

enum class Padding { Valid, Same };

// Output size and leading padding of one spatial axis, TensorFlow's rules: "same" gives
// ceil(in / stride) outputs with any odd padding at the end.
struct AxisGeometry {
    int output;
    int padBefore;
};

inline AxisGeometry axisGeometry(int input, int kernel, int stride, Padding padding) {
    if (padding == Padding::Valid) return {input >= kernel ? (input - kernel) / stride + 1 : 0, 0};
    const int output = (input + stride - 1) / stride;
    const int total = std::max((output - 1) * stride + kernel - input, 0);
    return {output, total / 2};
}

// Where the windows of a convolution or a pooling lie on one height x width plane: the
// geometry the convolution and pooling kernels share.
struct PlaneWindows {
    int height, width;
    int windowH, windowW;
    int strideH, strideW;
    AxisGeometry rows, cols;

    int outputPlane() const { return rows.output * cols.output; }
};

inline PlaneWindows planeWindows(int height, int width, int windowH, int windowW, int strideH, int strideW,
                                 Padding padding) {
    return {height,
            width,
            windowH,
            windowW,
            strideH,
            strideW,
            axisGeometry(height, windowH, strideH, padding),
            axisGeometry(width, windowW, strideW, padding)};
}

}  // namespace nw
