#pragma once
#include <cstddef>
#include <string>

namespace nw {

// How `netwright-cli serve` and the Deploy screen run a model server.
struct ServeOptions {
    std::string name;                  // the model's name in URLs and RPCs; empty: the model's own name
    std::string host = "127.0.0.1";    // anything but loopback needs a token
    int restPort = 8501;               // 0: any free port (tests)
    int grpcPort = 8001;               // 0: any free port; -1: no gRPC
    std::string token;                 // bearer token; empty: none required
    int threads = 0;                   // request workers; 0: one per core
    std::size_t maxRequestBytes = std::size_t{16} << 20;  // larger bodies/messages are refused unread
    int maxBatch = 4096;               // samples per request
};

// A name usable in URLs and RPCs made from any text (a file stem, a model's name): letters,
// digits, '.', '_' and '-' are kept, anything else becomes '-'.
std::string servableModelName(const std::string& text);

// Whether the host name or address is this machine's loopback interface.
bool isLoopbackHost(const std::string& host);
// Throws nw::Error when the options cannot be served: a non-loopback host without a token, a
// port out of range, a token with characters a header cannot carry.
void checkServeOptions(const ServeOptions& options);
// Whether an Authorization header value carries the token ("Bearer TOKEN"); always true
// when no token is set. Compares in constant time.
bool bearerTokenMatches(const std::string& authorization, const std::string& token);

}  // namespace nw
