#pragma once
#include <QColor>
#include <QStyledItemDelegate>

namespace nw::ui {

// Paints one prediction of a PredictionGalleryModel as a tile (84×100 px by default): the
// sample scaled up crisp, a green (right) or red (wrong) frame, a caption "4 → 9 83%" or
// "7 ✓ 99%", and a small amber badge when the predicted class changed since the last update.
class PredictionTileDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PredictionTileDelegate(QObject* parent = nullptr);
    // imageSize: the side of the square the image is scaled into (the tile adds 12 × 28 px).
    explicit PredictionTileDelegate(int imageSize, QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize tileSize() const;

    static QColor rightColor();
    static QColor wrongColor();
    static QColor changedColor();

private:
    int imageSize_;
};

}  // namespace nw::ui
