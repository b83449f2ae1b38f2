#pragma once

namespace nw {

// The layers split their work across threads themselves (nn/SampleParallel.h) and multiply
// from inside those threads; BLAS threads of its own would only compete with them for the
// cores. Idempotent and cheap: Model's constructor and setComputeThreads() both call it.
void keepBlasSingleThreaded();

}  // namespace nw
