#include "Formatting.h"

#include <QLocale>

namespace nw::ui {

namespace {

QLocale numbers() { return QLocale(QLocale::English); }

}  // namespace

QString withThousands(std::int64_t n) { return numbers().toString(static_cast<qlonglong>(n)); }

QString withThousands(std::uint64_t n) { return numbers().toString(static_cast<qulonglong>(n)); }

QString withThousands(double n) { return numbers().toString(static_cast<qlonglong>(n + 0.5)); }

QString formatDuration(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QString messageStyle(MessageKind kind) {
    switch (kind) {
        case MessageKind::Error:
            return QStringLiteral("QLabel { color: #b3261e; background: #fdecea; border: 1px solid #f3b7b1; border-radius: 4px; padding: 6px; }");
        case MessageKind::Info:
            return QStringLiteral("QLabel { color: #1d4f91; background: #eaf2fd; border: 1px solid #b7cdf3; border-radius: 4px; padding: 6px; }");
        case MessageKind::Success:
            return QStringLiteral("QLabel { color: #1e4620; background: #edf7ed; border: 1px solid #b7dfb9; border-radius: 4px; padding: 6px; }");
    }
    return {};
}

QString errorTextStyle() { return QStringLiteral("color: #b3261e;"); }

}  // namespace nw::ui
