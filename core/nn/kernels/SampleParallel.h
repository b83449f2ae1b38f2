#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace nw {

// How the kernels split a loop across the compute threads (their count is set in
// nn/kernels/ComputeThreads.h): contiguous, fixed shares, so that a thread count always
// gives the same numbers.

// Below this much work per thread a loop is not worth waking a second thread for: the
// hand-over costs more than it saves. The unit is a multiply-add of a loop that also moves
// memory (convolution, pooling); a well-blocked matrix product does several per cycle, so
// a Dense layer needs more (MNIST's mlp: its 128x128 layer gains nothing from a second
// thread at batch 32, its 784x128 layer a third of its time).
constexpr std::int64_t kMinParallelWork = 200'000;
constexpr std::int64_t kMinParallelProductWork = 400'000;

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

// Thread t's share [first, last) of `items` split n ways: contiguous, and fixed by (t, n),
// so work that runs at different times over the same items (a layer's product and the
// optimizer's update of its weights) gives each thread the same rows, which stay in its cache.
struct ThreadShare {
    int first, last;
};
inline ThreadShare threadShare(int items, int t, int n) {
    return {static_cast<int>(static_cast<std::int64_t>(items) * t / n),
            static_cast<int>(static_cast<std::int64_t>(items) * (t + 1) / n)};
}

// Runs body(thread, threadCount) once on each of `threads` threads (inline when 1).
template <typename Body>
void forEachThread(int threads, Body&& body) {
    if (threads <= 1) {
        body(0, 1);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
    body(omp_get_thread_num(), omp_get_num_threads());
#endif
}

// Waits until every thread of the enclosing forEachThread has arrived; a no-op on one thread.
// Every thread of the region must call it.
inline void threadBarrier() {
#ifdef _OPENMP
#pragma omp barrier
#endif
}

// Runs body(thread, first, last) on contiguous, fixed slices of [0, items), one per thread.
// The slices depend only on the thread count, so a reduction summed in thread order gives
// the same numbers on every run with that count.
template <typename Body>
void forEachSampleSlice(int items, int threads, Body&& body) {
    forEachThread(threads, [&](int t, int n) {
        const auto share = threadShare(items, t, n);
        body(t, share.first, share.last);
    });
}

// A callable on [first, last), borrowed for the length of one kernel call: how a layer hands
// a kernel the part of the work that is its own (an activation), run by the kernel's threads
// on their shares. Unlike std::function it never allocates, so a training loop still
// allocates nothing after its first batch.
class RangeFunction {
public:
    template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, RangeFunction>>>
    RangeFunction(F& f)
        : object_(const_cast<void*>(static_cast<const void*>(&f))), call_([](void* o, int first, int last) { (*static_cast<F*>(o))(first, last); }) {}
    void operator()(int first, int last) const { call_(object_, first, last); }

private:
    void* object_;
    void (*call_)(void*, int, int);
};

}  // namespace nw
