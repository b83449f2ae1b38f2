#include "DesignerHelpers.h"

#include <QObject>

#include "Formatting.h"

namespace nw::ui::designer {

QLocale numbers() { return QLocale(QLocale::English, QLocale::UnitedStates); }

QString count(std::int64_t n) { return withThousands(n); }

QString shapeText(const Shape& s) { return QString::fromStdString(shapeToString(s)); }

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette& p) { return p.color(QPalette::Base).lightnessF() < 0.5; }

QString groupOf(const std::string& type) {
    if (type == "dense" || type == "flatten") return QObject::tr("Core");
    if (type == "conv2d" || type == "maxpool2d" || type == "avgpool2d") return QObject::tr("Convolution");
    if (type == "dropout" || type == "batchnorm") return QObject::tr("Regularisation");
    return QObject::tr("Activation");
}

QColor accentOf(const std::string& type) {
    const QString g = groupOf(type);
    if (g == QObject::tr("Core")) return QColor(0x3b, 0x7d, 0xd8);
    if (g == QObject::tr("Convolution")) return QColor(0x1f, 0x9e, 0x89);
    if (g == QObject::tr("Regularisation")) return QColor(0xe0, 0x8a, 0x1e);
    return QColor(0x8e, 0x5c, 0xc9);
}

std::pair<int, int> pairOf(const nlohmann::json& entry, const char* key, std::pair<int, int> fallback) {
    if (!entry.contains(key)) return fallback;
    const auto& v = entry[key];
    if (v.is_number_integer()) return {v.get<int>(), v.get<int>()};
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer())
        return {v[0].get<int>(), v[1].get<int>()};
    return fallback;
}

QString pairText(std::pair<int, int> p) { return QString("%1×%2").arg(p.first).arg(p.second); }

QString textField(const nlohmann::json& entry, const char* key, const char* fallback) {
    if (entry.contains(key) && entry[key].is_string()) return QString::fromStdString(entry[key].get<std::string>());
    return QString::fromLatin1(fallback);
}

double numberField(const nlohmann::json& entry, const char* key, double fallback) {
    if (entry.contains(key) && entry[key].is_number()) return entry[key].get<double>();
    return fallback;
}

int intField(const nlohmann::json& entry, const char* key, int fallback) {
    if (entry.contains(key) && entry[key].is_number_integer()) return entry[key].get<int>();
    return fallback;
}

QString num(double v) { return QString::number(v, 'g', 4); }

QString detailText(const nlohmann::json& entry) {
    const std::string type = entry.value("type", std::string());
    const QString dot = QStringLiteral(" · ");
    if (type == "dense") {
        QString t = QObject::tr("%1 units").arg(intField(entry, "units", 0)) + dot + textField(entry, "activation", "linear");
        if (entry.contains("use_bias") && entry["use_bias"] == false) t += dot + QObject::tr("no bias");
        return t;
    }
    if (type == "conv2d") {
        QString t = QString("%1 × %2").arg(intField(entry, "filters", 0)).arg(pairText(pairOf(entry, "kernel_size", {0, 0})));
        const auto s = pairOf(entry, "strides", {1, 1});
        if (s != std::pair{1, 1}) t += dot + QObject::tr("stride %1").arg(s.first == s.second ? QString::number(s.first) : pairText(s));
        t += dot + textField(entry, "padding", "valid") + dot + textField(entry, "activation", "linear");
        return t;
    }
    if (type == "maxpool2d" || type == "avgpool2d") {
        const auto p = pairOf(entry, "pool_size", {2, 2});
        QString t = pairText(p);
        const auto s = pairOf(entry, "strides", p);
        if (s != p) t += dot + QObject::tr("stride %1").arg(s.first == s.second ? QString::number(s.first) : pairText(s));
        if (textField(entry, "padding", "valid") != "valid") t += dot + textField(entry, "padding", "valid");
        return t;
    }
    if (type == "dropout") return QObject::tr("rate %1").arg(num(numberField(entry, "rate", 0.5)));
    if (type == "batchnorm")
        return QObject::tr("momentum %1 · ε %2").arg(num(numberField(entry, "momentum", 0.99)), num(numberField(entry, "epsilon", 1e-3)));
    if (type == "leaky_relu") return QObject::tr("alpha %1").arg(num(numberField(entry, "alpha", 0.01)));
    return {};
}

nlohmann::json defaultEntry(const QString& typeName) {
    const std::string type = typeName.toStdString();
    if (type == "dense") return {{"type", "dense"}, {"units", 64}, {"activation", "relu"}};
    if (type == "conv2d")
        return {{"type", "conv2d"}, {"filters", 16}, {"kernel_size", {3, 3}}, {"padding", "valid"}, {"activation", "relu"}};
    if (type == "maxpool2d" || type == "avgpool2d") return {{"type", type}, {"pool_size", {2, 2}}};
    if (type == "dropout") return {{"type", "dropout"}, {"rate", 0.25}};
    return {{"type", type}};
}

}  // namespace nw::ui::designer
