#pragma once

namespace nw {

// The one place that decides how many threads compute: OpenMP's team for the kernels'
// own splits (nn/kernels/SampleParallel.h), one thread for Eigen and for the BLAS inside
// them. Everything else (the trainer, the command line, a server) only says how many.

// Applies the thread count to the compute core (0: every core).
void setComputeThreads(int threads);
// The "every core" number.
int defaultComputeThreads();

// The kernels multiply from inside their own threads; BLAS threads of its own would only
// compete with them for the cores. The BLAS is set to one thread when the program starts
// (nn/kernels/ComputeThreads.cpp); this says so again, for a model built after something
// gave the BLAS more (Model's constructor calls it).
void keepBlasSingleThreaded();
// How many threads one gemm() may use (the BLAS's and Eigen's own): for a benchmark of the
// product on its own (netwright-core-bench gemm-peak), never inside the layers.
void setGemmThreads(int threads);

}  // namespace nw
