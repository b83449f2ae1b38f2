#include "ScientificSpinBox.h"

#include <QLineEdit>
#include <QRegularExpression>
#include <QStyle>
#include <algorithm>
#include <charconv>
#include <cmath>

namespace nw::ui {

namespace {

double parse(const QString& text, bool* ok) {
    QString t = text.trimmed();
    t.replace(QLatin1Char(','), QLatin1Char('.'));
    return t.toDouble(ok);
}

// m × 10^e, read from text so that 5e-4 is the double nearest 0.0005, not 5 × 1e-4.
double rung(int mantissa, int exponent) { return QStringLiteral("%1e%2").arg(mantissa).arg(exponent).toDouble(); }

double nextRung(double v, bool up) {
    const int e = static_cast<int>(std::floor(std::log10(v)));
    if (up) {
        for (int k = e - 1; k <= e + 1; ++k)
            for (int m : {1, 2, 5})
                if (rung(m, k) > v * (1 + 1e-9)) return rung(m, k);
    } else {
        for (int k = e + 1; k >= e - 1; --k)
            for (int m : {5, 2, 1})
                if (rung(m, k) < v * (1 - 1e-9)) return rung(m, k);
    }
    return v;
}

}  // namespace

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    // Rounding happens at this many decimals; the text is ours (textFromValue).
    setDecimals(30);
    setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
}

QString ScientificSpinBox::format(double value) {
    if (value == 0.0) return QStringLiteral("0");
    if (!std::isfinite(value)) return QString::number(value);
    const double magnitude = std::fabs(value);
    const bool fixed = magnitude >= 1e-4 && magnitude < 1e6;
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value,
                                      fixed ? std::chars_format::fixed : std::chars_format::scientific);
    const QString text = QString::fromLatin1(buffer, static_cast<int>(result.ptr - buffer));
    if (fixed) return text;
    const int e = text.indexOf(QLatin1Char('e'));
    return text.left(e) + QLatin1Char('e') + QString::number(text.mid(e + 1).toInt());
}

double ScientificSpinBox::fromFloat(float value) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    double result = value;
    std::from_chars(buffer, written.ptr, result);
    return result;
}

QString ScientificSpinBox::numberPart(const QString& text) const {
    QString t = text;
    if (!prefix().isEmpty() && t.startsWith(prefix())) t.remove(0, prefix().size());
    if (!suffix().isEmpty() && t.endsWith(suffix())) t.chop(suffix().size());
    return t;
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    if (!specialValueText().isEmpty() && text == specialValueText()) return QValidator::Acceptable;
    static const QRegularExpression partial(QStringLiteral(R"(^\s*[+-]?\d*[.,]?\d*([eE][+-]?\d*)?\s*$)"));
    const QString number = numberPart(text);
    if (!partial.match(number).hasMatch()) return QValidator::Invalid;
    bool ok = false;
    const double v = parse(number, &ok);
    if (!ok || !std::isfinite(v)) return QValidator::Intermediate;
    return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

double ScientificSpinBox::valueFromText(const QString& text) const {
    if (!specialValueText().isEmpty() && text == specialValueText()) return minimum();
    bool ok = false;
    const double v = parse(numberPart(text), &ok);
    return ok && std::isfinite(v) ? std::clamp(v, minimum(), maximum()) : value();
}

QString ScientificSpinBox::textFromValue(double value) const { return format(value); }

void ScientificSpinBox::fixup(QString& text) const {
    bool ok = false;
    const double v = parse(numberPart(text), &ok);
    // A number out of range becomes the nearest bound; anything else reverts.
    text = prefix() + textFromValue(ok && std::isfinite(v) ? std::clamp(v, minimum(), maximum()) : value()) + suffix();
}

void ScientificSpinBox::stepBy(int steps) {
    interpretText();
    double v = value();
    if (linearStep_ > 0.0) {
        // 0.9 + 0.05 is 0.9500000000000001 in binary: round to the step's own decimals.
        const double scale = std::pow(10.0, std::max(0, -static_cast<int>(std::floor(std::log10(linearStep_)))) + 2);
        v = std::round((v + steps * linearStep_) * scale) / scale;
        setValue(std::clamp(v, minimum(), maximum()));
        if (style()->styleHint(QStyle::SH_SpinBox_SelectOnStep, nullptr, this, nullptr)) selectAll();
        return;
    }
    for (int i = 0; i < std::abs(steps); ++i) {
        if (steps > 0) {
            v = v < ladderStart_ ? ladderStart_ : nextRung(v, true);
        } else if (v > 0.0) {
            const double down = nextRung(v, false);
            v = down < ladderStart_ * (1 - 1e-9) ? minimum() : down;
        }
        v = std::clamp(v, minimum(), maximum());
    }
    setValue(v);
    if (style()->styleHint(QStyle::SH_SpinBox_SelectOnStep, nullptr, this, nullptr)) selectAll();
}

QAbstractSpinBox::StepEnabled ScientificSpinBox::stepEnabled() const {
    if (isReadOnly()) return StepNone;
    StepEnabled enabled = StepNone;
    if (value() < maximum()) enabled |= StepUpEnabled;
    if (value() > minimum()) enabled |= StepDownEnabled;
    return enabled;
}

}  // namespace nw::ui
