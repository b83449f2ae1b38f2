#pragma once
#include <QColor>
#include <QLocale>
#include <QPalette>
#include <QString>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "nn/Tensor.h"

// Constants and small helpers shared by the model designer's pieces: the block geometry, the
// layer groups and their colours, and the text a block shows for a layer entry.
namespace nw::ui::designer {

inline constexpr const char* kLayerMime = "application/x-netwright-layer";
inline constexpr double kBlockWidth = 240;
inline constexpr double kGap = 30;  // vertical space between blocks (holds the arrow)

QLocale numbers();
QString count(std::int64_t n);
QString shapeText(const Shape& s);
QColor blend(const QColor& a, const QColor& b, double t);
bool isDark(const QPalette& p);
QString groupOf(const std::string& type);
QColor accentOf(const std::string& type);

// [h, w] from n or [h, w]; fallback when absent or malformed.
std::pair<int, int> pairOf(const nlohmann::json& entry, const char* key, std::pair<int, int> fallback);
QString pairText(std::pair<int, int> p);
QString textField(const nlohmann::json& entry, const char* key, const char* fallback);
double numberField(const nlohmann::json& entry, const char* key, double fallback);
int intField(const nlohmann::json& entry, const char* key, int fallback);
QString num(double v);

// The key parameters of a block, e.g. "128 units · relu" or "32 × 3×3 · same · relu".
// The entry a palette item adds ("dense" -> units 64, relu).
nlohmann::json defaultEntry(const QString& type);

QString detailText(const nlohmann::json& entry);

}  // namespace nw::ui::designer
