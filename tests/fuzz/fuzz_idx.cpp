// libFuzzer target: arbitrary bytes as an IDX file through nw::readIdx. When the first byte
// is odd the rest is written gzip-compressed instead (bit 1 also cuts the stream short, bit 2
// flips a byte in it) so the zlib paths and their error handling are reached too.
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/Error.h"
#include "data/IdxReader.h"

namespace {

const std::string& tempPath() {
    // Never destroyed, so the exit handler that removes the file can still read it.
    static const std::string* path = [] {
        auto* p = new std::string("/tmp/netwright-fuzz-idx-" + std::to_string(getpid()) + ".idx");
        std::atexit([] { std::remove(tempPath().c_str()); });
        return p;
    }();
    return *path;
}

std::vector<std::uint8_t> gzipped(const std::uint8_t* data, std::size_t size) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
    std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)));
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = static_cast<uInt>(size);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void writeFile(const std::string& path, const std::uint8_t* data, std::size_t size) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = tempPath();
    if (size > 0 && (data[0] & 1)) {
        std::vector<std::uint8_t> gz = gzipped(data + 1, size - 1);
        if (data[0] & 2) gz.resize(gz.size() / 2);
        if ((data[0] & 4) && gz.size() > 12) gz[10 + (size % (gz.size() - 10))] ^= 0x5a;  // past the 10-byte gzip header
        writeFile(path, gz.data(), gz.size());
    } else {
        writeFile(path, data, size);
    }
    try {
        const nw::IdxArray a = nw::readIdx(path, [](double f) {
            if (!(f >= 0.0 && f <= 1.0)) std::abort();
        });
        std::size_t elements = 1;
        for (int d : a.dims) {
            if (d <= 0) std::abort();
            elements *= static_cast<std::size_t>(d);
        }
        if (a.dims.empty() || a.dims.size() > 4 || elements != a.values.size()) std::abort();
    } catch (const nw::Error&) {
    }
    return 0;
}
