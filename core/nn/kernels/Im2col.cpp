#include "nn/kernels/Im2col.h"

#include <algorithm>

namespace nw {
namespace {

// The output columns [first, last) whose input column ox * stride - padBefore + k lies inside
// the input, for one kernel column k; the rest read padding.
struct ColumnRange {
    int first, last;
};
ColumnRange insideColumns(int outputs, int stride, int padBefore, int k, int inputWidth) {
    // ix = ox * stride - padBefore + k must satisfy 0 <= ix < inputWidth.
    const int lowest = padBefore - k;
    const int first = lowest <= 0 ? 0 : (lowest + stride - 1) / stride;
    const int limit = inputWidth + padBefore - k;  // ox * stride < limit
    const int last = limit <= 0 ? 0 : std::min(outputs, (limit + stride - 1) / stride);
    return {std::min(first, last), last};
}

}  // namespace

void im2col(const PlaneWindows& g, int channels, const float* sample, float* columns, std::ptrdiff_t rowStride) {
    const int outCols = g.cols.output;
    for (int c = 0; c < channels; ++c) {
        const float* plane = sample + static_cast<std::size_t>(c) * g.height * g.width;
        for (int ky = 0; ky < g.windowH; ++ky)
            for (int kx = 0; kx < g.windowW; ++kx) {
                float* dst = columns + ((c * g.windowH + ky) * g.windowW + kx) * rowStride;
                const ColumnRange inside = insideColumns(outCols, g.strideW, g.cols.padBefore, kx, g.width);
                for (int oy = 0; oy < g.rows.output; ++oy) {
                    const int iy = oy * g.strideH - g.rows.padBefore + ky;
                    float* out = dst + oy * outCols;
                    if (iy < 0 || iy >= g.height) {
                        std::fill(out, out + outCols, 0.0f);
                        continue;
                    }
                    // No bounds test per value: padding on either side, then a plain copy
                    // (stride 1) or a strided one.
                    const float* src = plane + iy * g.width;
                    const int shift = kx - g.cols.padBefore;  // input column of output column 0
                    std::fill(out, out + inside.first, 0.0f);
                    if (g.strideW == 1 && inside.first < inside.last)
                        std::copy(src + inside.first + shift, src + inside.last + shift, out + inside.first);
                    else
                        for (int ox = inside.first; ox < inside.last; ++ox) out[ox] = src[ox * g.strideW + shift];
                    std::fill(out + inside.last, out + outCols, 0.0f);
                }
            }
    }
}

void col2im(const PlaneWindows& g, int channels, const float* columns, std::ptrdiff_t rowStride, float* sample) {
    const int outCols = g.cols.output;
    for (int c = 0; c < channels; ++c) {
        float* plane = sample + static_cast<std::size_t>(c) * g.height * g.width;
        std::fill(plane, plane + g.height * g.width, 0.0f);
        for (int ky = 0; ky < g.windowH; ++ky)
            for (int kx = 0; kx < g.windowW; ++kx) {
                const float* src = columns + ((c * g.windowH + ky) * g.windowW + kx) * rowStride;
                const ColumnRange inside = insideColumns(outCols, g.strideW, g.cols.padBefore, kx, g.width);
                for (int oy = 0; oy < g.rows.output; ++oy) {
                    const int iy = oy * g.strideH - g.rows.padBefore + ky;
                    if (iy < 0 || iy >= g.height) continue;
                    float* dst = plane + iy * g.width;
                    const int shift = kx - g.cols.padBefore;
                    const float* in = src + oy * outCols;
                    for (int ox = inside.first; ox < inside.last; ++ox) dst[ox * g.strideW + shift] += in[ox];
                }
            }
    }
}

}  // namespace nw
