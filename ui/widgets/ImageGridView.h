#pragma once
#include <QAbstractScrollArea>
#include <QImage>
#include <QString>
#include <vector>

namespace nw::ui {

// Many small single-channel images (first-layer weights, conv filters, feature maps), each
// scaled up crisp (nearest neighbour) into a square cell with its label under it, flowing
// left to right in as many columns as fit and scrolling vertically. Only the visible rows
// are painted, so a layer of hundreds of units scrolls smoothly.
class ImageGridView : public QAbstractScrollArea {
    Q_OBJECT
public:
    struct GridImage {
        QString label;
        int width = 0;
        int height = 0;
        std::vector<float> values;  // row by row, width × height
    };
    // Diverging: blue negative, white 0, red positive, symmetric around 0 (weights,
    // filters). Sequential: viridis from the lowest to the highest value (activations).
    enum class ColourMap { Diverging, Sequential };

    explicit ImageGridView(QWidget* parent = nullptr);

    // Images whose values do not match width × height are shown as empty cells.
    void setImages(std::vector<GridImage> images, ColourMap map);
    int imageCount() const { return static_cast<int>(images_.size()); }
    ColourMap colourMap() const { return map_; }
    // The side of a cell's square in pixels; an image gets the largest whole-number zoom
    // that fills most of it.
    void setCellSize(int pixels);
    int cellSize() const { return cellSize_; }
    // Scale colours per image (each shows its own pattern at full contrast; the default)
    // or over all images (magnitudes compare between images). Diverging scales stay
    // symmetric around 0 either way.
    void setSymmetricScale(bool perImage);
    bool perImageScale() const { return perImage_; }
    // Shown centred when there are no images.
    void setEmptyText(const QString& text);
    QString emptyText() const { return emptyText_; }

    int columnCount() const;
    // Where image `index` is drawn, in viewport coordinates (scrolled).
    QRect imageRect(int index) const;
    // The index of the image under a viewport position, or -1.
    int imageAt(const QPoint& viewportPos) const;
    // The colour a value takes on the map: t in [-1, 1] for Diverging, [0, 1] for Sequential.
    static QRgb colourFor(ColourMap map, float t);

    QSize sizeHint() const override;

signals:
    void imageClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    int labelHeight() const;
    int rowHeight() const;
    int leftEdge() const;
    QRect cellRect(int index) const;  // the cell including its label, in content coordinates
    void renderImages();
    void updateScrollBars();

    std::vector<GridImage> images_;
    std::vector<QImage> rendered_;  // one per image at its own resolution
    ColourMap map_ = ColourMap::Diverging;
    int cellSize_ = 56;
    bool perImage_ = true;
    QString emptyText_;
};

}  // namespace nw::ui
