#pragma once
#include <atomic>
#include <cstdint>

namespace nw {

// Counters a running server keeps for the Deploy screen and the log; updated from request
// threads, read from anywhere.
struct ServeStats {
    std::atomic<std::uint64_t> restRequests{0};
    std::atomic<std::uint64_t> grpcRequests{0};
    std::atomic<std::uint64_t> failedRequests{0};  // answered 4xx/5xx or a non-OK gRPC status
    std::atomic<std::uint64_t> samplesPredicted{0};

    std::uint64_t requests() const { return restRequests + grpcRequests; }
};

}  // namespace nw
