#include "serve/ServeOptions.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "common/Error.h"

namespace nw {

std::string servableModelName(const std::string& text) {
    std::string name;
    for (const char c : text) name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '-';
    return name.empty() || name == "." || name == ".." ? "model" : name;
}

bool isLoopbackHost(const std::string& host) {
    if (host == "localhost" || host == "::1") return true;
    in_addr address{};
    // All of 127.0.0.0/8 is loopback.
    return inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

void checkServeOptions(const ServeOptions& options) {
    if (options.host.empty()) throw Error("serve: the host is empty; use 127.0.0.1 to serve this machine only");
    if (!isLoopbackHost(options.host) && options.token.empty())
        throw Error("serve: binding to " + options.host +
                    " exposes the model beyond this machine; set a bearer token (--token) to do that");
    auto checkPort = [](int port, const char* what, bool mayBeOff) {
        if (port > 65535 || port < (mayBeOff ? -1 : 0))
            throw Error(std::string("serve: the ") + what + " port " + std::to_string(port) + " is not between 0 and 65535");
    };
    checkPort(options.restPort, "REST", false);
    checkPort(options.grpcPort, "gRPC", true);
    if (options.restPort != 0 && options.restPort == options.grpcPort)
        throw Error("serve: REST and gRPC cannot share port " + std::to_string(options.restPort));
    const bool printable = std::all_of(options.token.begin(), options.token.end(),
                                       [](char c) { return c > ' ' && c < 127; });
    if (!printable) throw Error("serve: the token may only hold printable ASCII characters without spaces");
    if (options.maxRequestBytes < 1024) throw Error("serve: a request limit under 1 KiB cannot carry one image");
    if (options.maxBatch < 1) throw Error("serve: the batch limit must be at least 1");
}

bool bearerTokenMatches(const std::string& authorization, const std::string& token) {
    if (token.empty()) return true;
    static const std::string scheme = "Bearer ";
    if (authorization.size() != scheme.size() + token.size() || authorization.compare(0, scheme.size(), scheme) != 0)
        return false;
    // Constant time over the token, so timing does not reveal how much of a guess was right.
    unsigned char difference = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        difference |= static_cast<unsigned char>(authorization[scheme.size() + i] ^ token[i]);
    return difference == 0;
}

}  // namespace nw
