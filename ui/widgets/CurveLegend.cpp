#include "CurveLegend.h"

#include <QPainter>
#include <algorithm>

namespace nw::ui {

namespace {

constexpr int kSwatchWidth = 26;  // long enough to show a dash pattern
constexpr int kSwatchGap = 5;     // swatch to name
constexpr int kEntryGap = 16;     // name to next swatch
constexpr int kMargin = 6;

}  // namespace

CurveLegend::CurveLegend(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void CurveLegend::setEntries(std::vector<Entry> entries) {
    if (entries == entries_) return;
    entries_ = std::move(entries);
    updateGeometry();
    update();
}

int CurveLegend::entryWidth(const Entry& entry) const {
    return kSwatchWidth + kSwatchGap + fontMetrics().horizontalAdvance(entry.name);
}

std::vector<QRect> CurveLegend::layoutEntries(int width) const {
    std::vector<QRect> rects;
    const int lineHeight = fontMetrics().height() + 2;
    const int available = std::max(1, width - 2 * kMargin);
    std::size_t rowStart = 0;
    int x = 0, y = kMargin / 2;
    auto centreRow = [&](std::size_t end, int rowWidth) {
        const int shift = kMargin + std::max(0, (available - rowWidth) / 2);
        for (std::size_t i = rowStart; i < end; ++i) rects[i].translate(shift, 0);
    };
    for (const Entry& entry : entries_) {
        const int w = entryWidth(entry);
        if (x > 0 && x + w > available) {  // wrap: a too-long name still gets a row of its own
            centreRow(rects.size(), x - kEntryGap);
            rowStart = rects.size();
            x = 0;
            y += lineHeight;
        }
        rects.emplace_back(x, y, w, lineHeight);
        x += w + kEntryGap;
    }
    centreRow(rects.size(), x - kEntryGap);
    return rects;
}

int CurveLegend::heightForWidth(int width) const {
    if (entries_.empty()) return 0;
    const std::vector<QRect> rects = layoutEntries(width);
    return rects.back().bottom() + 1 + kMargin / 2;
}

QSize CurveLegend::sizeHint() const {
    const int width = std::max(200, parentWidget() ? parentWidget()->width() : 400);
    return {width, heightForWidth(width)};
}

QSize CurveLegend::minimumSizeHint() const { return {0, heightForWidth(width() > 0 ? width() : 400)}; }

void CurveLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const std::vector<QRect> rects = layoutEntries(width());
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const Entry& entry = entries_[i];
        const QRect& r = rects[i];
        QPen pen = entry.pen;
        // Thin, faint curves (raw batches) still need a swatch one can see.
        pen.setWidthF(std::clamp(pen.widthF(), 2.0, 3.0));
        QColor color = pen.color();
        color.setAlpha(std::max(color.alpha(), 110));
        pen.setColor(color);
        painter.setPen(pen);
        const int midY = r.center().y();
        painter.drawLine(QPointF(r.left() + 1, midY), QPointF(r.left() + kSwatchWidth - 1, midY));
        if (entry.marker) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(QPointF(r.left() + kSwatchWidth / 2.0, midY), 3.5, 3.5);
            painter.setBrush(Qt::NoBrush);
        }
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(r.left() + kSwatchWidth + kSwatchGap, r.top(), r.width() - kSwatchWidth - kSwatchGap, r.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, entry.name);
    }
}

}  // namespace nw::ui
