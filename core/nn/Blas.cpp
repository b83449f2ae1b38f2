#include "nn/Blas.h"

#ifdef NETWRIGHT_OPENBLAS
extern "C" void openblas_set_num_threads(int threads);
#endif

namespace nw {

void keepBlasSingleThreaded() {
#ifdef NETWRIGHT_OPENBLAS
    static const bool done = [] {
        openblas_set_num_threads(1);
        return true;
    }();
    (void)done;
#endif
}

}  // namespace nw
