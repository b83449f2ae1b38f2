#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nw {

// An IDX array of unsigned bytes (the type MNIST and its relatives use).
struct IdxArray {
    std::vector<int> dims;
    std::vector<std::uint8_t> values;
};

// Reads an IDX file, raw or gzip-compressed (detected by content, not by name). The header
// is checked against what the file really holds before anything is kept: memory grows only
// with data actually read, never with what a header claims. Throws FileFormatError naming
// the file and the problem. progress, when given, receives the fraction read so far.
IdxArray readIdx(const std::string& path, const std::function<void(double)>& progress = {});

}  // namespace nw
