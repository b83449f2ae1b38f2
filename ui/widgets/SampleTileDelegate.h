#pragma once
#include <QStyledItemDelegate>

namespace nw::ui {

// Paints a sample as a tile: its image scaled up with nearest-neighbour sampling (so digits
// stay crisp) and the class name under it.
class SampleTileDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit SampleTileDelegate(int imageSize = 56, QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize tileSize() const;
    // Draws image as large as fits, centred in box, with nearest-neighbour sampling; returns
    // the rectangle it covers (box itself for a null image, which draws nothing).
    static QRect drawCrispImage(QPainter* painter, const QImage& image, const QRect& box);

private:
    int imageSize_;
};

}  // namespace nw::ui
