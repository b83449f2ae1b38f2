#pragma once

namespace nw {

// The layers split their work across threads themselves (nn/SampleParallel.h) and multiply
// from inside those threads; BLAS threads of its own would only compete with them for the
// cores. The BLAS is set to one thread when the program starts (nn/Blas.cpp); this says so
// again and is what Model's constructor and setComputeThreads() call.
void keepBlasSingleThreaded();
// How many threads the BLAS may use for one product: for a benchmark of the BLAS on its
// own (netwright-core-bench gemm-peak), never inside the layers.
void setBlasThreads(int threads);

}  // namespace nw
