#include "LayerBlockItem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

namespace nw::ui {

using namespace designer;

void LayerBlockItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    const QRectF r(0, 0, kBlockWidth, height_);
    const QColor base = palette_.color(QPalette::Base);
    const QColor text = palette_.color(QPalette::Text);
    const QColor highlight = palette_.color(QPalette::Highlight);
    const QColor red = isDark(palette_) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    QColor fill = blend(base, palette_.color(QPalette::Button), 0.35);
    QColor border = blend(base, text, 0.35);
    QColor titleColor = text;
    QColor mutedColor = blend(text, base, 0.3);
    Qt::PenStyle style = Qt::SolidLine;
    if (index_ < 0) {
        fill = blend(base, highlight, 0.14);
        border = blend(base, highlight, 0.6);
    }
    if (hasError()) {
        fill = blend(base, red, isDark(palette_) ? 0.22 : 0.12);
        border = red;
    } else if (greyed_) {
        fill = palette_.color(QPalette::Window);
        border = blend(base, text, 0.25);
        titleColor = blend(text, base, 0.55);
        mutedColor = titleColor;
        style = Qt::DashLine;
    }
    if (marked_) {  // a ring outside the block, so an error border stays visible
        p->setPen(QPen(highlight, 2.4));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(-3, -3, 3, 3), 11, 11);
    }
    p->setPen(QPen(border, hasError() ? 1.8 : 1.2, style));
    p->setBrush(fill);
    p->drawRoundedRect(r, 9, 9);
    if (index_ >= 0) {  // the group's colour as a stripe on the left
        QPainterPath clip;
        clip.addRoundedRect(r.adjusted(1, 1, -1, -1), 8, 8);
        p->save();
        p->setClipPath(clip);
        p->fillRect(QRectF(0, 0, 5, height_), greyed_ ? mutedColor : accentOf(layerType_));
        p->restore();
    }

    QFont font = p->font();
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF fm(font);
    const double lineH = fm.height();
    const double left = 14, width = kBlockWidth - 24;
    const int lines = detail_.isEmpty() ? 2 : 3;
    double y = (height_ - lines * lineH - (lines - 1) * 2) / 2;
    p->setFont(bold);
    p->setPen(titleColor);
    p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(bold).elidedText(title_, Qt::ElideRight, width));
    y += lineH + 2;
    p->setFont(font);
    if (!detail_.isEmpty()) {
        p->setPen(titleColor);
        p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(detail_, Qt::ElideRight, width));
        y += lineH + 2;
    }
    p->setPen(hasError() ? red : mutedColor);
    p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(footer_, Qt::ElideRight, width));
}

}  // namespace nw::ui
