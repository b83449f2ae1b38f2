#include "nn/kernels/ComputeThreads.h"

#include <Eigen/Core>
#include <algorithm>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef NETWRIGHT_OPENBLAS
// OpenBLAS's C interface, declared here rather than included (see nn/kernels/Gemm.cpp).
extern "C" void openblas_set_num_threads(int threads);
#endif

namespace nw {
namespace {

void setBlasThreads(int threads) {
#ifdef NETWRIGHT_OPENBLAS
    openblas_set_num_threads(threads);
#else
    (void)threads;
#endif
}

// Before main(), so that no product (data loading, normalisation) ever wakes the BLAS's own
// threads, which then spin for a while and take a core from the kernels' threads.
const bool kSingleThreadedAtStart = [] {
    setBlasThreads(1);
    return true;
}();

}  // namespace

int defaultComputeThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

void setComputeThreads(int threads) {
    const int n = threads > 0 ? threads : defaultComputeThreads();
#ifdef _OPENMP
    omp_set_num_threads(n);
#endif
    // The kernels split their batch across the threads themselves, one hand-over per
    // product; Eigen's split inside a product synchronises many times per product and made
    // small batches slower with two threads than with one.
    setGemmThreads(1);
}

void setGemmThreads(int threads) {
    Eigen::setNbThreads(threads);
    setBlasThreads(threads);
}

void keepBlasSingleThreaded() {
    (void)kSingleThreadedAtStart;
    setBlasThreads(1);
}

}  // namespace nw
