#pragma once
#include <algorithm>
#include <cstdint>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace nw {

// Below this much work per thread a loop is not worth waking a second thread for: the
// hand-over costs more than it saves. The unit is a multiply-add of a loop that also moves
// memory (convolution, pooling); a well-blocked matrix product does several per cycle and
// needs far more before a split pays (measured on MNIST's mlp: none at batch 32, 1.5x at 256).
constexpr std::int64_t kMinParallelWork = 200'000;
constexpr std::int64_t kMinParallelProductWork = 8'000'000;

// How many compute threads a loop over `items` of `workPerItem` each should use.
inline int sampleThreads(int items, std::int64_t workPerItem, std::int64_t minWorkPerThread = kMinParallelWork) {
#ifdef _OPENMP
    const std::int64_t byWork = std::max<std::int64_t>(1, items * workPerItem / minWorkPerThread);
    return static_cast<int>(std::min<std::int64_t>({byWork, items, omp_get_max_threads()}));
#else
    (void)items, (void)workPerItem, (void)minWorkPerThread;
    return 1;
#endif
}

// Runs body(thread, first, last) on contiguous, fixed slices of [0, items), one per thread.
// The slices depend only on the thread count, so a reduction summed in thread order gives
// the same numbers on every run with that count.
template <typename Body>
void forEachSampleSlice(int items, int threads, Body&& body) {
    if (threads <= 1) {
        body(0, 0, items);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num(), n = omp_get_num_threads();
        body(t, items * t / n, items * (t + 1) / n);
    }
#endif
}

}  // namespace nw
