#include "SampleTileDelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

namespace nw::ui {

namespace {
constexpr int kPadding = 4;
constexpr int kTextHeight = 16;
}  // namespace

SampleTileDelegate::SampleTileDelegate(int imageSize, QObject* parent) : QStyledItemDelegate(parent), imageSize_(imageSize) {}

QSize SampleTileDelegate::tileSize() const { return {imageSize_ + 2 * kPadding, imageSize_ + kTextHeight + 2 * kPadding}; }

QSize SampleTileDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return tileSize(); }

QRect SampleTileDelegate::drawCrispImage(QPainter* painter, const QImage& image, const QRect& box) {
    if (image.isNull()) return box;
    const QSize scaled = image.size().scaled(box.size(), Qt::KeepAspectRatio);
    const QRect target(box.left() + (box.width() - scaled.width()) / 2, box.top() + (box.height() - scaled.height()) / 2,
                       scaled.width(), scaled.height());
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);  // nearest neighbour
    painter->drawImage(target, image);
    painter->restore();
    return target;
}

void SampleTileDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    const QRect tile = option.rect.adjusted(1, 1, -1, -1);
    const QPalette& palette = option.palette;
    if (option.state & QStyle::State_Selected)
        painter->fillRect(tile, palette.highlight());
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(tile, palette.midlight());

    const QImage image = index.data(Qt::DecorationRole).value<QImage>();
    QRect imageRect(tile.left() + (tile.width() - imageSize_) / 2, tile.top() + kPadding - 1, imageSize_, imageSize_);
    if (!image.isNull()) {
        drawCrispImage(painter, image, imageRect);
    } else {
        painter->fillRect(imageRect, palette.alternateBase());
    }

    const QRect textRect(tile.left(), tile.top() + kPadding + imageSize_, tile.width(), kTextHeight);
    painter->setPen((option.state & QStyle::State_Selected) ? palette.highlightedText().color() : palette.text().color());
    const QString name = option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, textRect.width());
    painter->drawText(textRect, Qt::AlignCenter, name);
    painter->restore();
}

}  // namespace nw::ui
