#include "ProbabilityBars.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace nw::ui {

namespace {

constexpr int kMargin = 4;
constexpr int kGap = 6;
constexpr int kMaxRow = 30;
constexpr int kMaxNameWidth = 110;

QString percentText(float p) {
    if (!(p >= 0.0f)) return QStringLiteral("–");
    if (p > 0.0f && p < 0.001f) return QStringLiteral("<0.1 %");
    return QStringLiteral("%1 %").arg(100.0 * std::min(p, 1.0f), 0, 'f', 1);
}

}  // namespace

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ProbabilityBars::setProbabilities(const std::vector<float>& probabilities, const QStringList& classNames, int trueClass) {
    const bool resized = probabilities.size() != probabilities_.size();
    probabilities_ = probabilities;
    names_ = classNames;
    trueClass_ = trueClass >= 0 && trueClass < static_cast<int>(probabilities_.size()) ? trueClass : -1;
    predicted_ = -1;
    for (std::size_t c = 0; c < probabilities_.size(); ++c)
        if (!std::isnan(probabilities_[c]) && (predicted_ < 0 || probabilities_[c] > probabilities_[static_cast<std::size_t>(predicted_)]))
            predicted_ = static_cast<int>(c);
    if (resized) updateGeometry();
    update();
}

void ProbabilityBars::clear() { setProbabilities({}, {}, -1); }

QString ProbabilityBars::className(int cls) const {
    return cls >= 0 && cls < names_.size() && !names_[cls].isEmpty() ? names_[cls] : QString::number(cls);
}

int ProbabilityBars::rowHeight() const {
    const int n = static_cast<int>(probabilities_.size());
    if (n == 0) return 0;
    const int fitting = (height() - 2 * kMargin) / n;
    return std::clamp(fitting, fontMetrics().height() + 2, kMaxRow);
}

QRect ProbabilityBars::rowRect(int cls) const {
    if (cls < 0 || cls >= static_cast<int>(probabilities_.size())) return {};
    const int row = rowHeight();
    return {kMargin, kMargin + cls * row, width() - 2 * kMargin, row};
}

QSize ProbabilityBars::sizeHint() const {
    const int n = std::max<int>(10, static_cast<int>(probabilities_.size()));
    return {300, 2 * kMargin + n * (fontMetrics().height() + 10)};
}

QSize ProbabilityBars::minimumSizeHint() const {
    const int n = std::max<int>(2, static_cast<int>(probabilities_.size()));
    return {180, 2 * kMargin + n * (fontMetrics().height() + 2)};
}

void ProbabilityBars::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int n = static_cast<int>(probabilities_.size());
    if (n == 0) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(rect(), Qt::AlignCenter, tr("No prediction"));
        return;
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics metrics(fontMetrics());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    QFont tagFont = font();
    tagFont.setPixelSize(std::max(9, metrics.height() * 3 / 4));
    const QFontMetrics tagMetrics(tagFont);

    int nameWidth = 0;
    for (int c = 0; c < n; ++c)
        nameWidth = std::max(nameWidth, static_cast<int>(std::ceil(QFontMetricsF(bold).horizontalAdvance(className(c)))) + 1);
    nameWidth = std::min(nameWidth, kMaxNameWidth);
    const int percentWidth = boldMetrics.horizontalAdvance(QStringLiteral("100.0 %"));
    const int tagWidth = trueClass_ >= 0 ? tagMetrics.horizontalAdvance(tr("true")) + 8 : 0;
    const int barLeft = kMargin + nameWidth + kGap;
    const int barRight = width() - kMargin - percentWidth - kGap - (tagWidth > 0 ? tagWidth + kGap : 0);
    const int barWidth = std::max(10, barRight - barLeft);

    const QColor predictedColour = palette().highlight().color();
    const QColor otherColour(150, 165, 185);
    const QColor track = palette().alternateBase().color().darker(104);
    const QColor trueColour = trueClass_ < 0 || trueClass_ == predicted_ ? QColor(40, 160, 70) : QColor(215, 50, 60);

    for (int c = 0; c < n; ++c) {
        const QRect row = rowRect(c);
        const float p = probabilities_[static_cast<std::size_t>(c)];
        const bool predicted = c == predicted_, isTrue = c == trueClass_;
        const int barHeight = std::max(4, row.height() - 8);
        const QRectF trackRect(barLeft, row.top() + (row.height() - barHeight) / 2.0, barWidth, barHeight);
        painter.setPen(Qt::NoPen);
        painter.setBrush(track);
        painter.drawRoundedRect(trackRect, 2, 2);
        const double fraction = std::isnan(p) ? 0.0 : std::clamp(static_cast<double>(p), 0.0, 1.0);
        if (fraction > 0.0) {
            QRectF bar = trackRect;
            bar.setWidth(std::max(1.0, trackRect.width() * fraction));
            painter.setBrush(predicted ? predictedColour : otherColour);
            painter.drawRoundedRect(bar, 2, 2);
        }
        if (isTrue) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(trueColour, 2));
            painter.drawRoundedRect(trackRect.adjusted(-1, -1, 1, 1), 3, 3);
        }

        painter.setFont(predicted || isTrue ? bold : font());
        painter.setPen(palette().windowText().color());
        const QRect nameRect(kMargin, row.top(), nameWidth, row.height());
        painter.drawText(nameRect, Qt::AlignRight | Qt::AlignVCenter,
                         QFontMetrics(painter.font()).elidedText(className(c), Qt::ElideRight, nameWidth));
        const QRect percentRect(barLeft + barWidth + kGap, row.top(), percentWidth, row.height());
        painter.setFont(predicted ? bold : font());
        painter.drawText(percentRect, Qt::AlignRight | Qt::AlignVCenter, percentText(p));

        if (isTrue) {
            const int tagHeight = tagMetrics.height() + 2;
            const QRectF tag(percentRect.right() + kGap, row.top() + (row.height() - tagHeight) / 2.0, tagWidth, tagHeight);
            painter.setPen(Qt::NoPen);
            painter.setBrush(trueColour);
            painter.drawRoundedRect(tag, 3, 3);
            painter.setFont(tagFont);
            painter.setPen(Qt::white);
            painter.drawText(tag, Qt::AlignCenter, tr("true"));
        }
    }
}

}  // namespace nw::ui
