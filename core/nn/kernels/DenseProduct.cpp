#include "nn/kernels/DenseProduct.h"

#include <cstddef>
#include <cstdint>

#include "nn/kernels/Gemm.h"

namespace nw {
namespace {

using RowMajorMatrix = DensePartialSums::value_type;
using MatrixMap = Eigen::Map<RowMajorMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMajorMatrix>;

void backward(const RangeFunction* differentiateRows, const DenseShape& s, int threads, const float* x,
              const float* weights, const float* gradOutput, float* weightsGrad, float* biasGrad, float* inputGrad) {
    forEachThread(threads, [&](int t, int n) {
        if (differentiateRows) {
            const auto rows = threadShare(s.batch, t, n);
            (*differentiateRows)(rows.first, rows.last);
            threadBarrier();
        }
        const auto k = threadShare(s.inputs, t, n);
        const int share = k.last - k.first;
        const std::size_t firstWeight = static_cast<std::size_t>(k.first) * s.units;
        gemm(Transpose::Yes, Transpose::No, share, s.units, s.batch, x + k.first, s.inputs, gradOutput, s.units, 0.0f,
             weightsGrad + firstWeight, s.units);
        if (inputGrad)
            gemm(Transpose::No, Transpose::Yes, s.batch, share, s.units, gradOutput, s.units, weights + firstWeight,
                 s.units, 0.0f, inputGrad + k.first, s.inputs);
        if (biasGrad && t == n - 1)
            MatrixMap(biasGrad, 1, s.units).noalias() = ConstMatrixMap(gradOutput, s.batch, s.units).colwise().sum();
    });
}

}  // namespace

// Below kMinParallelProductWork per thread a second thread costs more than it saves.
int denseThreads(const DenseShape& shape) {
    return sampleThreads(shape.inputs, static_cast<std::int64_t>(shape.batch) * shape.units, kMinParallelProductWork);
}

void denseForward(const DenseShape& s, int threads, const float* x, const float* weights, const float* bias, float* y,
                  DensePartialSums& partials, RangeFunction finishRows) {
    partials.resize(static_cast<std::size_t>(threads - 1));
    for (auto& partial : partials) partial.resize(s.batch, s.units);
    forEachThread(threads, [&](int t, int n) {
        // Each thread's inputs times its weight rows: a partial sum of the whole output...
        const auto k = threadShare(s.inputs, t, n);
        float* partial = t == 0 ? y : partials[static_cast<std::size_t>(t - 1)].data();
        gemm(Transpose::No, Transpose::No, s.batch, s.units, k.last - k.first, x + k.first, s.inputs,
             weights + static_cast<std::size_t>(k.first) * s.units, s.units, 0.0f, partial, s.units);
        threadBarrier();
        // ...then each thread adds up its share of the samples, in thread order, and finishes
        // them with the bias and finishRows.
        const auto rows = threadShare(s.batch, t, n);
        auto out = MatrixMap(y, s.batch, s.units).middleRows(rows.first, rows.last - rows.first);
        for (int p = 0; p + 1 < n; ++p)
            out += partials[static_cast<std::size_t>(p)].middleRows(rows.first, rows.last - rows.first);
        if (bias) out.rowwise() += ConstMatrixMap(bias, 1, s.units).row(0);
        finishRows(rows.first, rows.last);
    });
}

void denseBackward(const DenseShape& shape, int threads, const float* x, const float* weights, const float* gradOutput,
                   float* weightsGrad, float* biasGrad, float* inputGrad) {
    backward(nullptr, shape, threads, x, weights, gradOutput, weightsGrad, biasGrad, inputGrad);
}

void denseBackwardThrough(RangeFunction differentiateRows, const DenseShape& shape, int threads, const float* x,
                          const float* weights, const float* gradOutput, float* weightsGrad, float* biasGrad,
                          float* inputGrad) {
    backward(&differentiateRows, shape, threads, x, weights, gradOutput, weightsGrad, biasGrad, inputGrad);
}

}  // namespace nw
