#pragma once
#include <string>

#include "common/Error.h"

namespace nw {

// A request the server refuses: carries the HTTP status it maps to (400 malformed, 401 no
// or wrong token, 404 unknown model or path, 413 too large, 415 wrong content type). The
// gRPC service maps the same statuses onto gRPC codes.
class RequestError : public Error {
public:
    RequestError(int status, const std::string& message) : Error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

}  // namespace nw
