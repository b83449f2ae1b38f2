#pragma once
#include <string_view>
#include <string>

namespace nw {

// Replaces `path` with `bytes` so that a reader sees either the old file or the whole new
// one, never a half-written file: the bytes go to PATH.tmp beside it, which is then renamed
// over PATH. Throws FileFormatError naming the path when anything fails.
void writeFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace nw
