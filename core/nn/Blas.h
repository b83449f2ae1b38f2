#pragma once

namespace nw {

// C = op(A) op(B) + beta C for row-major float matrices: C is m x n, op(A) m x k, op(B)
// k x n, each row `ld...` floats after the one before; op transposes when asked. The dense
// layers' products go through here: on OpenBLAS where the build uses it (its kernels are
// about a fifth faster than Eigen's for their shapes on current x86 CPUs), otherwise, and
// for products with a side narrower than a few values (one sample), Eigen's own.
void multiply(bool transposeA, bool transposeB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
              float beta, float* c, int ldc);

// The layers split their work across threads themselves (nn/SampleParallel.h) and multiply
// from inside those threads; BLAS threads of its own would only compete with them for the
// cores. The BLAS is set to one thread when the program starts (nn/Blas.cpp); this says so
// again and is what Model's constructor and setComputeThreads() call.
void keepBlasSingleThreaded();
// How many threads the BLAS may use for one product: for a benchmark of the BLAS on its
// own (netwright-core-bench gemm-peak), never inside the layers.
void setBlasThreads(int threads);

}  // namespace nw
