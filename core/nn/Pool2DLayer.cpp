#include "nn/Pool2DLayer.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif

#include "common/Error.h"
#include "nn/SampleParallel.h"

namespace nw {

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
namespace {

// Lanes in use when the vector kernels below take the next min(16, windowsLeft) windows of a
// row: one lane per window, and the window pairs' inputs across two 16-float vectors.
struct WindowMasks {
    __mmask16 windows, firstInputs, nextInputs;
};

WindowMasks windowMasks(int windowsLeft) {
    const int n = std::min(16, windowsLeft);
    return {static_cast<__mmask16>((1u << n) - 1), static_cast<__mmask16>((1u << std::min(2 * n, 16)) - 1),
            static_cast<__mmask16>((1u << std::max(2 * n - 16, 0)) - 1)};
}

}  // namespace
#endif

Pool2DLayer::Pool2DLayer(PoolMode mode, int poolH, int poolW, int strideH, int strideW, Padding padding)
    : mode_(mode), poolH_(poolH), poolW_(poolW), strideH_(strideH), strideW_(strideW), padding_(padding) {
    if (poolH < 1 || poolW < 1) throw ModelError(type() + ": pool size must be at least 1");
    if (strideH < 1 || strideW < 1) throw ModelError(type() + ": strides must be at least 1");
}

Shape Pool2DLayer::outputShape(const Shape& input) const {
    if (input.size() != 3)
        throw ModelError(type() + " expects an image input (channels, height, width) but gets " +
                         shapeToString(input));
    if (padding_ == Padding::Valid && (poolH_ > input[1] || poolW_ > input[2]))
        throw ModelError(type() + " window " + std::to_string(poolH_) + "x" + std::to_string(poolW_) +
                         " is larger than its input " + std::to_string(input[1]) + "x" +
                         std::to_string(input[2]));
    return {input[0], axisGeometry(input[1], poolH_, strideH_, padding_).output,
            axisGeometry(input[2], poolW_, strideW_, padding_).output};
}

void Pool2DLayer::build(const Shape& input, Random& rng) {
    Layer::build(input, rng);
    rows_ = axisGeometry(input[1], poolH_, strideH_, padding_);
    cols_ = axisGeometry(input[2], poolW_, strideW_, padding_);
}

// The common 2x2, stride-2 window without padding, with no per-window bounds arithmetic and
// no branches: on real activations each comparison is a coin flip, and mispredicted branches
// made this loop the slowest part of a small CNN. `where` keeps the winner's offset within
// its window (0..3), all backward needs.
void Pool2DLayer::maxPool2x2(const float* input, int first, int last, int height, int width) {
    const int outRows = rows_.output, outCols = cols_.output, outPlane = outRows * outCols;
    for (std::size_t p = static_cast<std::size_t>(first); p < static_cast<std::size_t>(last); ++p) {
        const float* x = input + p * height * width;
        float* y = output_.data() + p * outPlane;
        std::uint8_t* where = window_.data() + p * outPlane;
        for (int oy = 0; oy < outRows; ++oy) {
            const float* top = x + 2 * oy * width;
            const float* bottom = top + width;
            float* yRow = y + oy * outCols;
            std::uint8_t* whereRow = where + oy * outCols;
            int ox = 0;
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
            // Sixteen windows at a time: an output row of a small map (13 wide after a 28x28
            // convolution) is shorter than a vector, which left the compiler's loop running
            // its scalar remainder only. Masked loads split the pairs into even and odd lanes.
            const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            for (; ox < outCols; ox += 16) {
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
                // The same codes as the loop below: 0, 1 top left/right, 2, 3 bottom left/right.
                const __m512i one = _mm512_set1_epi32(1);
                __m512i code = _mm512_maskz_mov_epi32(bWins, one);
                code = _mm512_mask_add_epi32(code, lower, _mm512_maskz_mov_epi32(dWins, one), _mm512_set1_epi32(2));
                _mm_mask_storeu_epi8(whereRow + ox, m.windows, _mm512_cvtepi32_epi8(code));
            }
#endif
            // Written as arithmetic on comparison results so that the loop vectorises.
#pragma omp simd
            for (int o = ox; o < outCols; ++o) {
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
void Pool2DLayer::maxUnpool2x2(const float* gradOutput, int first, int last, int height, int width) {
    const int outRows = rows_.output, outCols = cols_.output, outPlane = outRows * outCols;
    for (std::size_t p = static_cast<std::size_t>(first); p < static_cast<std::size_t>(last); ++p) {
        float* gx = gradInput_.data() + p * height * width;
        const float* gy = gradOutput + p * outPlane;
        const std::uint8_t* where = window_.data() + p * outPlane;
        // An odd last row or column lies outside every window.
        if (2 * outRows < height) std::fill(gx + 2 * outRows * width, gx + height * width, 0.0f);
        for (int oy = 0; oy < outRows; ++oy) {
            float* top = gx + 2 * oy * width;
            float* bottom = top + width;
            if (2 * outCols < width) top[width - 1] = bottom[width - 1] = 0.0f;
            const float* gyRow = gy + oy * outCols;
            const std::uint8_t* whereRow = where + oy * outCols;
            int ox = 0;
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
            // Sixteen windows at a time, as in maxPool2x2: each gradient goes to its window's
            // winning lane, the other three get zero, and the lanes are interleaved back.
            const __m512i firstHalf = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            const __m512i secondHalf = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            for (; ox < outCols; ox += 16) {
                const WindowMasks m = windowMasks(outCols - ox);
                const __m512 g = _mm512_maskz_loadu_ps(m.windows, gyRow + ox);
                const __m512i w = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(m.windows, whereRow + ox));
                auto lane = [&](int code) { return _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(w, _mm512_set1_epi32(code)), g); };
                const __m512 a = lane(0), b = lane(1), c = lane(2), d = lane(3);
                _mm512_mask_storeu_ps(top + 2 * ox, m.firstInputs, _mm512_permutex2var_ps(a, firstHalf, b));
                _mm512_mask_storeu_ps(top + 2 * ox + 16, m.nextInputs, _mm512_permutex2var_ps(a, secondHalf, b));
                _mm512_mask_storeu_ps(bottom + 2 * ox, m.firstInputs, _mm512_permutex2var_ps(c, firstHalf, d));
                _mm512_mask_storeu_ps(bottom + 2 * ox + 16, m.nextInputs, _mm512_permutex2var_ps(c, secondHalf, d));
            }
#endif
#pragma omp simd
            for (int o = ox; o < outCols; ++o) {
                const float g = gyRow[o];
                const int w = whereRow[o];
                top[2 * o] = static_cast<float>(w == 0) * g;
                top[2 * o + 1] = static_cast<float>(w == 1) * g;
                bottom[2 * o] = static_cast<float>(w == 2) * g;
                bottom[2 * o + 1] = static_cast<float>(w == 3) * g;
            }
        }
    }
}

bool Pool2DLayer::isPlainMax2x2() const {
    return mode_ == PoolMode::Max && poolH_ == 2 && poolW_ == 2 && strideH_ == 2 && strideW_ == 2 &&
           rows_.padBefore == 0 && cols_.padBefore == 0 && 2 * rows_.output <= inputShape_[1] &&
           2 * cols_.output <= inputShape_[2];
}

const Tensor& Pool2DLayer::forward(const Tensor& input, bool) {
    batch_ = input.batch();
    const int height = inputShape_[1], width = inputShape_[2];
    const std::size_t planes = static_cast<std::size_t>(batch_) * inputShape_[0];
    const int outPlane = rows_.output * cols_.output;
    output_.resizeBatch(batch_, outputShape_);
    if (isPlainMax2x2()) {
        window_.resize(planes * outPlane);
        forEachSampleSlice(static_cast<int>(planes), sampleThreads(static_cast<int>(planes), 4 * outPlane),
                           [&](int, int first, int last) { maxPool2x2(input.data(), first, last, height, width); });
        return output_;
    }
    if (mode_ == PoolMode::Max) argmax_.resize(planes * outPlane);
    for (std::size_t p = 0; p < planes; ++p) {
        const float* x = input.data() + p * height * width;
        float* y = output_.data() + p * outPlane;
        for (int oy = 0; oy < rows_.output; ++oy) {
            const int y0 = std::max(oy * strideH_ - rows_.padBefore, 0);
            const int y1 = std::min(oy * strideH_ - rows_.padBefore + poolH_, height);
            for (int ox = 0; ox < cols_.output; ++ox) {
                const int x0 = std::max(ox * strideW_ - cols_.padBefore, 0);
                const int x1 = std::min(ox * strideW_ - cols_.padBefore + poolW_, width);
                if (mode_ == PoolMode::Max) {
                    float best = -std::numeric_limits<float>::infinity();
                    int where = y0 * width + x0;
                    // Select rather than branch: on real activations the comparison is a
                    // coin flip, and mispredicted branches made this loop the slowest part of
                    // a small CNN.
                    for (int iy = y0; iy < y1; ++iy)
                        for (int ix = x0; ix < x1; ++ix) {
                            const float v = x[iy * width + ix];
                            const bool larger = v > best;
                            best = larger ? v : best;
                            where = larger ? iy * width + ix : where;
                        }
                    y[oy * cols_.output + ox] = best;
                    argmax_[p * outPlane + oy * cols_.output + ox] = where;
                } else {
                    float sum = 0.0f;
                    for (int iy = y0; iy < y1; ++iy)
                        for (int ix = x0; ix < x1; ++ix) sum += x[iy * width + ix];
                    y[oy * cols_.output + ox] = sum / static_cast<float>((y1 - y0) * (x1 - x0));
                }
            }
        }
    }
    return output_;
}

bool Pool2DLayer::takeInputActivationGradient(const Activation& activation) {
    // Softmax's derivative needs a whole sample, not the winners alone.
    if (mode_ != PoolMode::Max || activation.kind == ActivationKind::Softmax) return false;
    inputActivation_ = activation;
    return true;
}

const Tensor& Pool2DLayer::backward(const Tensor& gradOutput) {
    if (!computeInputGradient_) return gradInput_;
    const int height = inputShape_[1], width = inputShape_[2];
    const std::size_t planes = static_cast<std::size_t>(batch_) * inputShape_[0];
    const int outPlane = rows_.output * cols_.output;
    gradInput_.resizeBatch(batch_, inputShape_);
    // The winner of a window is the input whose activation output the window's output is, so
    // the derivative of the activation before (see takeInputActivationGradient) is taken at
    // the pooled outputs, and every other input's gradient stays zero.
    const bool throughActivation = !inputActivation_.isLinear();
    if (throughActivation) gradThroughActivation_.resize(gradOutput.dims());
    const float* grad = throughActivation ? gradThroughActivation_.data() : gradOutput.data();
    auto differentiate = [&](int first, int last) {
        const std::size_t offset = static_cast<std::size_t>(first) * outPlane;
        if (throughActivation)
            inputActivation_.backward(output_.data() + offset, gradOutput.data() + offset, gradThroughActivation_.data() + offset,
                                      1, static_cast<Eigen::Index>(last - first) * outPlane);
    };
    if (isPlainMax2x2()) {
        forEachSampleSlice(static_cast<int>(planes), sampleThreads(static_cast<int>(planes), 4 * outPlane),
                           [&](int, int first, int last) {
                               differentiate(first, last);
                               maxUnpool2x2(grad, first, last, height, width);
                           });
        return gradInput_;
    }
    differentiate(0, static_cast<int>(planes));
    gradInput_.setZero();
    for (std::size_t p = 0; p < planes; ++p) {
        float* gx = gradInput_.data() + p * height * width;
        const float* gy = grad + p * outPlane;
        if (mode_ == PoolMode::Max) {
            for (int o = 0; o < outPlane; ++o) gx[argmax_[p * outPlane + o]] += gy[o];
            continue;
        }
        for (int oy = 0; oy < rows_.output; ++oy) {
            const int y0 = std::max(oy * strideH_ - rows_.padBefore, 0);
            const int y1 = std::min(oy * strideH_ - rows_.padBefore + poolH_, height);
            for (int ox = 0; ox < cols_.output; ++ox) {
                const int x0 = std::max(ox * strideW_ - cols_.padBefore, 0);
                const int x1 = std::min(ox * strideW_ - cols_.padBefore + poolW_, width);
                const float share = gy[oy * cols_.output + ox] / static_cast<float>((y1 - y0) * (x1 - x0));
                for (int iy = y0; iy < y1; ++iy)
                    for (int ix = x0; ix < x1; ++ix) gx[iy * width + ix] += share;
            }
        }
    }
    return gradInput_;
}

std::int64_t Pool2DLayer::flopsPerSample() const {
    return static_cast<std::int64_t>(outputShape_.empty() ? 0 : shapeSize(outputShape_)) * poolH_ * poolW_;
}

nlohmann::json Pool2DLayer::config() const {
    return {{"type", type()},
            {"pool_size", {poolH_, poolW_}},
            {"strides", {strideH_, strideW_}},
            {"padding", paddingName(padding_)}};
}

}  // namespace nw
