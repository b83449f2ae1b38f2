// The 2x2 max pooling kernels of nn/kernels/Pooling.h with AVX-512 intrinsics, for builds
// whose CPU has them (NETWRIGHT_POOLING_AVX512); the plain kernels in Pooling.cpp give the
// same numbers.
#include "nn/kernels/Pooling.h"

#ifdef NETWRIGHT_POOLING_AVX512
#include <immintrin.h>

#include <algorithm>
#include <cstddef>

namespace nw {
namespace {

// Lanes in use when the kernels below take the next min(16, windowsLeft) windows of a row:
// one lane per window, and the window pairs' inputs across two 16-float vectors.
struct WindowMasks {
    __mmask16 windows, firstInputs, nextInputs;
};

WindowMasks windowMasks(int windowsLeft) {
    const int n = std::min(16, windowsLeft);
    return {static_cast<__mmask16>((1u << n) - 1), static_cast<__mmask16>((1u << std::min(2 * n, 16)) - 1),
            static_cast<__mmask16>((1u << std::max(2 * n - 16, 0)) - 1)};
}

}  // namespace

// Sixteen windows at a time: an output row of a small map (13 wide after a 28x28
// convolution) is shorter than a vector, which left the compiler's loop running its scalar
// remainder only. Masked loads split the pairs into even and odd lanes.
void maxPool2x2Avx512(const PlaneWindows& g, const float* input, float* output, std::uint8_t* where, int first,
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
            const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            for (int ox = 0; ox < outCols; ox += 16) {
                const WindowMasks m = windowMasks(outCols - ox);
                const __m512 t0 = _mm512_maskz_loadu_ps(m.firstInputs, top + 2 * ox);
                const __m512 t1 = _mm512_maskz_loadu_ps(m.nextInputs, top + 2 * ox + 16);
                const __m512 b0 = _mm512_maskz_loadu_ps(m.firstInputs, bottom + 2 * ox);
                const __m512 b1 = _mm512_maskz_loadu_ps(m.nextInputs, bottom + 2 * ox + 16);
                const __m512 a = _mm512_permutex2var_ps(t0, evens, t1), b = _mm512_permutex2var_ps(t0, odds, t1);
                const __m512 c = _mm512_permutex2var_ps(b0, evens, b1), d = _mm512_permutex2var_ps(b0, odds, b1);
                const __mmask16 bWins = _mm512_cmp_ps_mask(b, a, _CMP_GT_OQ), dWins = _mm512_cmp_ps_mask(d, c, _CMP_GT_OQ);
                const __m512 ab = _mm512_max_ps(a, b), cd = _mm512_max_ps(c, d);
                const __mmask16 lower = _mm512_cmp_ps_mask(cd, ab, _CMP_GT_OQ);
                _mm512_mask_storeu_ps(yRow + ox, m.windows, _mm512_max_ps(ab, cd));
                // The plain kernel's codes: 0, 1 top left/right, 2, 3 bottom left/right.
                const __m512i one = _mm512_set1_epi32(1);
                __m512i code = _mm512_maskz_mov_epi32(bWins, one);
                code = _mm512_mask_add_epi32(code, lower, _mm512_maskz_mov_epi32(dWins, one), _mm512_set1_epi32(2));
                _mm_mask_storeu_epi8(whereRow + ox, m.windows, _mm512_cvtepi32_epi8(code));
            }
        }
    }
}

// Sixteen windows at a time, as in maxPool2x2Avx512: each gradient goes to its window's
// winning lane, the other three get zero, and the lanes are interleaved back. Every input
// cell is written once, as in the plain kernel.
void maxUnpool2x2Avx512(const PlaneWindows& g, const float* gradOutput, const std::uint8_t* where, float* gradInput,
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
            const __m512i firstHalf = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            const __m512i secondHalf = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            for (int ox = 0; ox < outCols; ox += 16) {
                const WindowMasks m = windowMasks(outCols - ox);
                const __m512 gradient = _mm512_maskz_loadu_ps(m.windows, gyRow + ox);
                const __m512i w = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(m.windows, whereRow + ox));
                auto lane = [&](int code) {
                    return _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(w, _mm512_set1_epi32(code)), gradient);
                };
                const __m512 a = lane(0), b = lane(1), c = lane(2), d = lane(3);
                _mm512_mask_storeu_ps(top + 2 * ox, m.firstInputs, _mm512_permutex2var_ps(a, firstHalf, b));
                _mm512_mask_storeu_ps(top + 2 * ox + 16, m.nextInputs, _mm512_permutex2var_ps(a, secondHalf, b));
                _mm512_mask_storeu_ps(bottom + 2 * ox, m.firstInputs, _mm512_permutex2var_ps(c, firstHalf, d));
                _mm512_mask_storeu_ps(bottom + 2 * ox + 16, m.nextInputs, _mm512_permutex2var_ps(c, secondHalf, d));
            }
        }
    }
}

}  // namespace nw
#endif
