#include "nn/kernels/Pooling.h"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace nw {

bool isPlain2x2(const PlaneWindows& g) {
    return g.windowH == 2 && g.windowW == 2 && g.strideH == 2 && g.strideW == 2 && g.rows.padBefore == 0 &&
           g.cols.padBefore == 0 && 2 * g.rows.output <= g.height && 2 * g.cols.output <= g.width;
}

// The 2x2 kernels have no per-window bounds arithmetic and no branches: on real activations
// each comparison is a coin flip, and mispredicted branches made this loop the slowest part
// of a small CNN.
void maxPool2x2Plain(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int first,
                     int last) {
    const int height = g.height, width = g.width;
    const int outRows = g.rows.output, outCols = g.cols.output, outPlane = outRows * outCols;
    for (std::size_t p = static_cast<std::size_t>(first); p < static_cast<std::size_t>(last); ++p) {
        const float* x = input + p * height * width;
        float* y = output + p * outPlane;
        std::uint8_t* winners = where + p * outPlane;
        for (int oy = 0; oy < outRows; ++oy) {
            const float* top = x + 2 * oy * width;
            const float* bottom = top + width;
            float* yRow = y + oy * outCols;
            std::uint8_t* whereRow = winners + oy * outCols;
            // Written as arithmetic on comparison results so that the loop vectorises.
#pragma omp simd
            for (int o = 0; o < outCols; ++o) {
                const float a = top[2 * o], b = top[2 * o + 1], c = bottom[2 * o], d = bottom[2 * o + 1];
                const int bWins = b > a, dWins = d > c;
                const float ab = std::max(a, b), cd = std::max(c, d);
                const int lower = cd > ab;
                yRow[o] = std::max(ab, cd);
                whereRow[o] = static_cast<std::uint8_t>(lower * (2 + dWins) + (1 - lower) * bWins);
            }
        }
    }
}

// Every input cell of a 2x2, stride-2 pooling belongs to exactly one window, so each one is
// written once (the gradient or zero) and the buffer needs no clearing pass first.
void maxUnpool2x2Plain(const PlaneWindows& g, const float* gradOutput, const std::uint8_t* where, float* gradInput,
                       int first, int last) {
    const int height = g.height, width = g.width;
    const int outRows = g.rows.output, outCols = g.cols.output, outPlane = outRows * outCols;
    for (std::size_t p = static_cast<std::size_t>(first); p < static_cast<std::size_t>(last); ++p) {
        float* gx = gradInput + p * height * width;
        const float* gy = gradOutput + p * outPlane;
        const std::uint8_t* winners = where + p * outPlane;
        // An odd last row or column lies outside every window.
        if (2 * outRows < height) std::fill(gx + 2 * outRows * width, gx + height * width, 0.0f);
        for (int oy = 0; oy < outRows; ++oy) {
            float* top = gx + 2 * oy * width;
            float* bottom = top + width;
            if (2 * outCols < width) top[width - 1] = bottom[width - 1] = 0.0f;
            const float* gyRow = gy + oy * outCols;
            const std::uint8_t* whereRow = winners + oy * outCols;
#pragma omp simd
            for (int o = 0; o < outCols; ++o) {
                const float gradient = gyRow[o];
                const int w = whereRow[o];
                top[2 * o] = static_cast<float>(w == 0) * gradient;
                top[2 * o + 1] = static_cast<float>(w == 1) * gradient;
                bottom[2 * o] = static_cast<float>(w == 2) * gradient;
                bottom[2 * o + 1] = static_cast<float>(w == 3) * gradient;
            }
        }
    }
}

// The planes are independent; each thread takes a contiguous share.
void maxPool2x2(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int planes) {
    forEachSampleSlice(planes, sampleThreads(planes, 4 * g.outputPlane()), [&](int, int first, int last) {
#ifdef NETWRIGHT_POOLING_AVX512
        maxPool2x2Avx512(g, input, output, where, first, last);
#else
        maxPool2x2Plain(g, input, output, where, first, last);
#endif
    });
}

void maxUnpool2x2(const PlaneWindows& g, RangeFunction prepare, const float* gradOutput, const std::uint8_t* where,
                  float* gradInput, int planes) {
    forEachSampleSlice(planes, sampleThreads(planes, 4 * g.outputPlane()), [&](int, int first, int last) {
        prepare(first, last);
#ifdef NETWRIGHT_POOLING_AVX512
        maxUnpool2x2Avx512(g, gradOutput, where, gradInput, first, last);
#else
        maxUnpool2x2Plain(g, gradOutput, where, gradInput, first, last);
#endif
    });
}

namespace {

// Rows [y0, y1) and columns [x0, x1) of the input that output (oy, ox)'s window covers,
// padding left out.
struct Window {
    int y0, y1, x0, x1;
};
Window windowAt(const PlaneWindows& g, int oy, int ox) {
    return {std::max(oy * g.strideH - g.rows.padBefore, 0), std::min(oy * g.strideH - g.rows.padBefore + g.windowH, g.height),
            std::max(ox * g.strideW - g.cols.padBefore, 0), std::min(ox * g.strideW - g.cols.padBefore + g.windowW, g.width)};
}

}  // namespace

void maxPool(const PlaneWindows& g, const float* input, float* output, int* argmax, int planes) {
    const int width = g.width, outCols = g.cols.output, outPlane = g.outputPlane();
    for (std::size_t p = 0; p < static_cast<std::size_t>(planes); ++p) {
        const float* x = input + p * g.height * width;
        float* y = output + p * outPlane;
        for (int oy = 0; oy < g.rows.output; ++oy)
            for (int ox = 0; ox < outCols; ++ox) {
                const Window w = windowAt(g, oy, ox);
                float best = -std::numeric_limits<float>::infinity();
                int winner = w.y0 * width + w.x0;
                // Select rather than branch, as in the 2x2 kernels.
                for (int iy = w.y0; iy < w.y1; ++iy)
                    for (int ix = w.x0; ix < w.x1; ++ix) {
                        const float v = x[iy * width + ix];
                        const bool larger = v > best;
                        best = larger ? v : best;
                        winner = larger ? iy * width + ix : winner;
                    }
                y[oy * outCols + ox] = best;
                argmax[p * outPlane + oy * outCols + ox] = winner;
            }
    }
}

void averagePool(const PlaneWindows& g, const float* input, float* output, int planes) {
    const int width = g.width, outCols = g.cols.output, outPlane = g.outputPlane();
    for (std::size_t p = 0; p < static_cast<std::size_t>(planes); ++p) {
        const float* x = input + p * g.height * width;
        float* y = output + p * outPlane;
        for (int oy = 0; oy < g.rows.output; ++oy)
            for (int ox = 0; ox < outCols; ++ox) {
                const Window w = windowAt(g, oy, ox);
                float sum = 0.0f;
                for (int iy = w.y0; iy < w.y1; ++iy)
                    for (int ix = w.x0; ix < w.x1; ++ix) sum += x[iy * width + ix];
                y[oy * outCols + ox] = sum / static_cast<float>((w.y1 - w.y0) * (w.x1 - w.x0));
            }
    }
}

void maxUnpool(const PlaneWindows& g, const float* gradOutput, const int* argmax, float* gradInput, int planes) {
    const std::size_t inPlane = static_cast<std::size_t>(g.height) * g.width;
    const int outPlane = g.outputPlane();
    std::fill(gradInput, gradInput + planes * inPlane, 0.0f);
    for (std::size_t p = 0; p < static_cast<std::size_t>(planes); ++p) {
        float* gx = gradInput + p * inPlane;
        const float* gy = gradOutput + p * outPlane;
        for (int o = 0; o < outPlane; ++o) gx[argmax[p * outPlane + o]] += gy[o];
    }
}

void averageUnpool(const PlaneWindows& g, const float* gradOutput, float* gradInput, int planes) {
    const std::size_t inPlane = static_cast<std::size_t>(g.height) * g.width;
    const int width = g.width, outCols = g.cols.output, outPlane = g.outputPlane();
    std::fill(gradInput, gradInput + planes * inPlane, 0.0f);
    for (std::size_t p = 0; p < static_cast<std::size_t>(planes); ++p) {
        float* gx = gradInput + p * inPlane;
        const float* gy = gradOutput + p * outPlane;
        for (int oy = 0; oy < g.rows.output; ++oy)
            for (int ox = 0; ox < outCols; ++ox) {
                const Window w = windowAt(g, oy, ox);
                const float share = gy[oy * outCols + ox] / static_cast<float>((w.y1 - w.y0) * (w.x1 - w.x0));
                for (int iy = w.y0; iy < w.y1; ++iy)
                    for (int ix = w.x0; ix < w.x1; ++ix) gx[iy * width + ix] += share;
            }
    }
}

}  // namespace nw
