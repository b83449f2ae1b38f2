#pragma once
#include <QString>
#include <cstdint>

namespace nw::ui {

// Counts as people read them, the same on every system locale: 60,000.
QString withThousands(std::int64_t n);
QString withThousands(std::uint64_t n);
inline QString withThousands(int n) { return withThousands(static_cast<std::int64_t>(n)); }
// Rounds to the nearest whole number first.
QString withThousands(double n);

// h:mm:ss, or m:ss under an hour.
QString formatDuration(double seconds);

// The boxed message under a form or a panel: an error, a note, or a success.
enum class MessageKind { Error, Info, Success };
// A QLabel style sheet for a message of that kind.
QString messageStyle(MessageKind kind);
// Red text without a box, for a short inline error.
QString errorTextStyle();

}  // namespace nw::ui
