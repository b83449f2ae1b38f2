#include "io/AtomicFile.h"

#include <filesystem>
#include <fstream>

#include "common/Error.h"

namespace nw {
namespace fs = std::filesystem;

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    const fs::path target(path);
    const fs::path temporary = target.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw FileFormatError(path, "cannot write here (" + temporary.string() + " cannot be created)");
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ignored;
            fs::remove(temporary, ignored);
            throw FileFormatError(path, "writing failed (disk full?); the previous file, if any, is untouched");
        }
    }
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw FileFormatError(path, "cannot replace the file: " + ec.message());
    }
}

}  // namespace nw
