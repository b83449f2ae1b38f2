#include "data/IdxReader.h"

#include <zlib.h>

#include <array>
#include <filesystem>
#include <memory>

#include "common/Error.h"

namespace nw {
namespace {

// No IDX set a user will bring comes near this; anything above is a corrupt header.
constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 36;
constexpr std::size_t kChunk = std::size_t{1} << 20;

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};

std::string typeName(int code) {
    switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    }
    return "unknown type 0x" + std::to_string(code);
}

}  // namespace

IdxArray readIdx(const std::string& path, const std::function<void(double)>& progress) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw FileFormatError(path, "no such file");
    const auto fileSize = std::filesystem::file_size(path, ec);
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) throw FileFormatError(path, "cannot open the file");
    gzbuffer(file.get(), 1 << 17);
    const bool compressed = gzdirect(file.get()) == 0;

    auto readExactly = [&](void* into, unsigned size, const char* what) {
        const int got = gzread(file.get(), into, size);
        if (got < 0) {
            int code = 0;
            throw FileFormatError(path, std::string("corrupt compressed data while reading ") + what + ": " +
                                            gzerror(file.get(), &code));
        }
        if (static_cast<unsigned>(got) != size)
            throw FileFormatError(path, std::string("file ends inside the ") + what);
    };

    std::array<std::uint8_t, 4> magic{};
    readExactly(magic.data(), 4, "IDX header (magic number)");
    if (magic[0] != 0 || magic[1] != 0)
        throw FileFormatError(path, "not an IDX file: the magic number must start with two zero bytes");
    if (magic[2] != 0x08) throw FileFormatError(path, "IDX element type is " + typeName(magic[2]) +
                                                          "; only unsigned byte (0x08) data is supported");
    const int rank = magic[3];
    if (rank < 1 || rank > 4) throw FileFormatError(path, "IDX rank " + std::to_string(rank) + " is not between 1 and 4");

    IdxArray array;
    std::uint64_t elements = 1;
    for (int i = 0; i < rank; ++i) {
        std::array<std::uint8_t, 4> b{};
        readExactly(b.data(), 4, "IDX header (dimension sizes)");
        const std::uint64_t d = (std::uint64_t{b[0]} << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        if (d == 0 || d > 0x7fffffff)
            throw FileFormatError(path, "dimension " + std::to_string(i + 1) + " has size " + std::to_string(d));
        if (elements > kMaxElements / d)
            throw FileFormatError(path, "the header's dimensions multiply to more than 2^36 values");
        elements *= d;
        array.dims.push_back(static_cast<int>(d));
    }
    const std::uint64_t header = 4 + 4 * static_cast<std::uint64_t>(rank);
    if (!compressed && !ec && fileSize != header + elements)
        throw FileFormatError(path, "the header promises " + std::to_string(elements) + " bytes of data but the file holds " +
                                        std::to_string(fileSize >= header ? fileSize - header : 0) +
                                        (fileSize < header + elements ? " (truncated)" : " (trailing bytes)"));

    // Grow with the data really read, so a lying header in a .gz cannot make us allocate.
    std::uint64_t done = 0;
    while (done < elements) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, elements - done));
        array.values.resize(done + n);
        const int got = gzread(file.get(), array.values.data() + done, static_cast<unsigned>(n));
        if (got < 0) {
            int code = 0;
            throw FileFormatError(path, std::string("corrupt compressed data: ") + gzerror(file.get(), &code));
        }
        if (static_cast<std::size_t>(got) != n)
            throw FileFormatError(path, "truncated: the header promises " + std::to_string(elements) +
                                            " bytes of data but the file ends after " + std::to_string(done + got));
        done += n;
        if (progress) progress(static_cast<double>(done) / static_cast<double>(elements));
    }
    std::uint8_t extra;
    if (gzread(file.get(), &extra, 1) > 0)
        throw FileFormatError(path, "trailing bytes after the " + std::to_string(elements) + " values the header declares");
    return array;
}

}  // namespace nw
