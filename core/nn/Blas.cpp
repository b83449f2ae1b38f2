#include "nn/Blas.h"

#ifdef NETWRIGHT_OPENBLAS
extern "C" void openblas_set_num_threads(int threads);
#endif

namespace nw {
namespace {

// Before main(), so that no product (data loading, normalisation) ever wakes the BLAS's own
// threads, which then spin for a while and take a core from the layers' threads.
const bool kSingleThreadedAtStart = [] {
    setBlasThreads(1);
    return true;
}();

}  // namespace

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
