#include "nn/Blas.h"

#include <algorithm>

#include "nn/Tensor.h"

#ifdef NETWRIGHT_OPENBLAS
// OpenBLAS's C interface (cblas.h), declared here rather than included: Debian keeps that
// header in a directory per OpenBLAS flavour. The enums are plain ints in its ABI.
extern "C" {
void openblas_set_num_threads(int threads);
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
}
#endif

namespace nw {
namespace {

#ifdef NETWRIGHT_OPENBLAS
constexpr int kCblasRowMajor = 101, kCblasNoTrans = 111, kCblasTrans = 112;
// Below this many rows or columns of the result the product is a few dot products, which
// Eigen's own kernels do with less overhead than a BLAS call.
constexpr int kMinBlasSide = 4;
#endif

// Before main(), so that no product (data loading, normalisation) ever wakes the BLAS's own
// threads, which then spin for a while and take a core from the layers' threads.
const bool kSingleThreadedAtStart = [] {
    setBlasThreads(1);
    return true;
}();

using StridedMap = Eigen::Map<const RowMatrix, 0, Eigen::OuterStride<>>;

void eigenMultiply(bool transposeA, bool transposeB, int m, int n, int k, const float* a, int lda, const float* b,
                   int ldb, float beta, float* c, int ldc) {
    const StridedMap A(a, transposeA ? k : m, transposeA ? m : k, Eigen::OuterStride<>(lda));
    const StridedMap B(b, transposeB ? n : k, transposeB ? k : n, Eigen::OuterStride<>(ldb));
    Eigen::Map<RowMatrix, 0, Eigen::OuterStride<>> C(c, m, n, Eigen::OuterStride<>(ldc));
    if (beta == 0.0f) C.setZero();
    else if (beta != 1.0f) C *= beta;
    if (transposeA && transposeB) C.noalias() += A.transpose() * B.transpose();
    else if (transposeA) C.noalias() += A.transpose() * B;
    else if (transposeB) C.noalias() += A * B.transpose();
    else C.noalias() += A * B;
}

}  // namespace

void multiply(bool transposeA, bool transposeB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
              float beta, float* c, int ldc) {
#ifdef NETWRIGHT_OPENBLAS
    if (std::min(m, n) >= kMinBlasSide && k > 0) {
        cblas_sgemm(kCblasRowMajor, transposeA ? kCblasTrans : kCblasNoTrans, transposeB ? kCblasTrans : kCblasNoTrans, m,
                    n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
        return;
    }
#endif
    eigenMultiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

void setBlasThreads(int threads) {
#ifdef NETWRIGHT_OPENBLAS
    openblas_set_num_threads(threads);
#else
    (void)threads;
#endif
}

void keepBlasSingleThreaded() {
    (void)kSingleThreadedAtStart;
    setBlasThreads(1);
}

}  // namespace nw
