#include "PredictionTileDelegate.h"

#include <QPainter>
#include <algorithm>

#include "PredictionGalleryModel.h"
#include "SampleTileDelegate.h"

namespace nw::ui {

namespace {
constexpr int kMargin = 6;    // tile edge to image: gap, frame and padding
constexpr int kCaption = 22;  // caption height under the image
constexpr int kFrame = 3;
constexpr int kBadge = 15;
}  // namespace

PredictionTileDelegate::PredictionTileDelegate(QObject* parent) : PredictionTileDelegate(72, parent) {}

PredictionTileDelegate::PredictionTileDelegate(int imageSize, QObject* parent)
    : QStyledItemDelegate(parent), imageSize_(imageSize) {}

QColor PredictionTileDelegate::rightColor() { return QColor(40, 160, 70); }
QColor PredictionTileDelegate::wrongColor() { return QColor(215, 50, 60); }
QColor PredictionTileDelegate::changedColor() { return QColor(245, 165, 20); }

QSize PredictionTileDelegate::tileSize() const { return {imageSize_ + 2 * kMargin, imageSize_ + kMargin + kCaption}; }

QSize PredictionTileDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return tileSize(); }

void PredictionTileDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QRectF tile = QRectF(option.rect).adjusted(1, 1, -1, -1);
    if (selected)
        painter->fillRect(tile, palette.highlight());
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(tile, palette.midlight());

    const bool correct = index.data(PredictionGalleryModel::CorrectRole).toBool();
    const QColor frameColor = correct ? rightColor() : wrongColor();
    painter->setPen(QPen(frameColor, kFrame));
    painter->setBrush(Qt::NoBrush);
    const double inset = 1.0 + kFrame / 2.0;
    painter->drawRoundedRect(tile.adjusted(inset, inset, -inset, -inset), 4, 4);

    const QRect imageBox(option.rect.left() + (option.rect.width() - imageSize_) / 2, option.rect.top() + kMargin, imageSize_,
                         imageSize_);
    const QImage image = index.data(PredictionGalleryModel::ImageRole).value<QImage>();
    if (image.isNull())
        painter->fillRect(imageBox, palette.alternateBase());
    else
        SampleTileDelegate::drawCrispImage(painter, image, imageBox);

    if (index.data(PredictionGalleryModel::ChangedRole).toBool()) {
        const QRectF badge(imageBox.right() - kBadge + 2, imageBox.top() - 1, kBadge, kBadge);
        painter->setPen(QPen(QColor(90, 60, 0), 1));
        painter->setBrush(changedColor());
        painter->drawEllipse(badge);
        QFont font = option.font;
        font.setBold(true);
        font.setPixelSize(10);
        painter->setFont(font);
        painter->setPen(QColor(40, 25, 0));
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("Δ"));
    }

    const auto* model = qobject_cast<const PredictionGalleryModel*>(index.model());
    const int trueClass = index.data(PredictionGalleryModel::TrueClassRole).toInt();
    const int predicted = index.data(PredictionGalleryModel::PredictedClassRole).toInt();
    auto name = [&](int cls) { return model ? model->className(cls) : QString::number(cls); };
    const int percent = PredictionGalleryModel::percent(index.data(PredictionGalleryModel::ConfidenceRole).toDouble());
    const QString caption = correct ? QStringLiteral("%1 ✓ %2%").arg(name(predicted)).arg(percent)
                                    : QStringLiteral("%1 → %2 %3%").arg(name(trueClass), name(predicted)).arg(percent);
    QFont font = option.font;
    QFontMetrics metrics(font);
    const QRect captionRect(option.rect.left() + kMargin - 2, imageBox.bottom() + 1, option.rect.width() - 2 * (kMargin - 2),
                            option.rect.bottom() - kMargin / 2 - imageBox.bottom());
    if (QFontMetricsF(font).horizontalAdvance(caption) > captionRect.width()) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * 0.85);
        else
            font.setPixelSize(std::max(8, font.pixelSize() * 85 / 100));
        metrics = QFontMetrics(font);
    }
    painter->setFont(font);
    painter->setPen(selected ? palette.highlightedText().color() : palette.text().color());
    painter->drawText(captionRect, Qt::AlignCenter, metrics.elidedText(caption, Qt::ElideMiddle, captionRect.width()));
    painter->restore();
}

}  // namespace nw::ui
