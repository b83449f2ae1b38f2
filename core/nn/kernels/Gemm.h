#pragma once

namespace nw {

// Whether a GEMM operand is read as stored or transposed.
enum class Transpose { No, Yes };

// C = op(A) op(B) + beta C for row-major float matrices: C is m x n, op(A) m x k, op(B)
// k x n, each row `ld...` floats after the one before. The dense layers' products go
// through here: on OpenBLAS where the build uses it (its kernels are about a fifth faster
// than Eigen's for their shapes on current x86 CPUs), otherwise, and for products with a
// side narrower than a few values (one sample), Eigen's own. Runs on the calling thread:
// the BLAS is kept single-threaded (nn/kernels/ComputeThreads.h).
void gemm(Transpose opA, Transpose opB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
          float beta, float* c, int ldc);

}  // namespace nw
