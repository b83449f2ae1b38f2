#include "nn/kernels/Gemm.h"

#include <Eigen/Core>
#include <algorithm>

#ifdef NETWRIGHT_OPENBLAS
// OpenBLAS's C interface (cblas.h), declared here rather than included: Debian keeps that
// header in a directory per OpenBLAS flavour. The enums are plain ints in its ABI.
extern "C" {
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

int cblasOp(Transpose op) { return op == Transpose::Yes ? kCblasTrans : kCblasNoTrans; }
#endif

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using StridedMap = Eigen::Map<const RowMajorMatrix, 0, Eigen::OuterStride<>>;

void eigenGemm(Transpose opA, Transpose opB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
               float beta, float* c, int ldc) {
    const bool transposeA = opA == Transpose::Yes, transposeB = opB == Transpose::Yes;
    const StridedMap A(a, transposeA ? k : m, transposeA ? m : k, Eigen::OuterStride<>(lda));
    const StridedMap B(b, transposeB ? n : k, transposeB ? k : n, Eigen::OuterStride<>(ldb));
    Eigen::Map<RowMajorMatrix, 0, Eigen::OuterStride<>> C(c, m, n, Eigen::OuterStride<>(ldc));
    if (beta == 0.0f) C.setZero();
    else if (beta != 1.0f) C *= beta;
    if (transposeA && transposeB) C.noalias() += A.transpose() * B.transpose();
    else if (transposeA) C.noalias() += A.transpose() * B;
    else if (transposeB) C.noalias() += A * B.transpose();
    else C.noalias() += A * B;
}

}  // namespace

void gemm(Transpose opA, Transpose opB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
          float beta, float* c, int ldc) {
#ifdef NETWRIGHT_OPENBLAS
    if (std::min(m, n) >= kMinBlasSide && k > 0) {
        cblas_sgemm(kCblasRowMajor, cblasOp(opA), cblasOp(opB), m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
        return;
    }
#endif
    eigenGemm(opA, opB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace nw
