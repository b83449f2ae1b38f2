#pragma once
#include <stdexcept>
#include <string>

namespace nw {

// Every failure the core reports carries a message a user can act on: which file or layer,
// where, what was expected and what was found.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A model spec that does not fit together (shape inference, unknown layer, bad parameter).
class ModelError : public Error {
public:
    using Error::Error;
};

// Outside data that cannot be read: a dataset file, a model file, a CSV, an image.
class FileFormatError : public Error {
public:
    FileFormatError(const std::string& path, const std::string& problem);
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Training stopped because the numbers stopped being numbers.
class DivergenceError : public Error {
public:
    using Error::Error;
};

}  // namespace nw
