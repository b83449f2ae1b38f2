#include "common/Error.h"

namespace nw {

FileFormatError::FileFormatError(const std::string& path, const std::string& problem)
    : Error(path + ": " + problem), path_(path) {}

}  // namespace nw
