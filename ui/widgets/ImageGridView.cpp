#include "ImageGridView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>

namespace nw::ui {

namespace {

constexpr int kMargin = 6;
constexpr int kSpacing = 8;  // between cells, both ways
constexpr QRgb kInvalid = 0xff808080;

// ColorBrewer RdBu (reversed: blue for negative), 9 classes.
constexpr std::array<QRgb, 9> kDiverging = {0xff2166ac, 0xff4393c3, 0xff92c5de, 0xffd1e5f0, 0xfff7f7f7,
                                           0xfffddbc7, 0xfff4a582, 0xffd6604d, 0xffb2182b};
// Matplotlib's viridis, 9 samples: dark for low values, so a map reads like a photo negative
// of nothing and a bright spot is where the filter fires.
constexpr std::array<QRgb, 9> kSequential = {0xff440154, 0xff472d7b, 0xff3b528b, 0xff2c728e, 0xff21918c,
                                            0xff28ae80, 0xff5ec962, 0xffaddc30, 0xfffde725};

template <std::size_t N>
QRgb interpolate(const std::array<QRgb, N>& stops, float u) {  // u in [0, 1]
    const float x = std::clamp(u, 0.0f, 1.0f) * static_cast<float>(N - 1);
    const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(x), N - 2);
    const float f = x - static_cast<float>(i);
    const QRgb a = stops[i], b = stops[i + 1];
    auto mix = [f](int p, int q) { return static_cast<int>(std::lround(p + (q - p) * f)); };
    return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

struct Range {
    float low = 0.0f, high = 0.0f;
    bool any = false;
    void add(float v) {
        if (!std::isfinite(v)) return;
        low = any ? std::min(low, v) : v;
        high = any ? std::max(high, v) : v;
        any = true;
    }
};

Range rangeOf(const ImageGridView::GridImage& image) {
    Range r;
    for (float v : image.values) r.add(v);
    return r;
}

bool isValid(const ImageGridView::GridImage& image) {
    return image.width > 0 && image.height > 0 &&
           image.values.size() == static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
}

// The size an image of w × h takes in a cell of `cell` pixels: a whole-number zoom when it
// fills at least 80 % of the cell (every source pixel the same size on screen), else a fit.
QSize zoomedSize(int w, int h, int cell) {
    const int side = std::max(w, h);
    const int zoom = cell / side;
    if (zoom >= 1 && zoom * side * 5 >= cell * 4) return {w * zoom, h * zoom};
    const double f = static_cast<double>(cell) / side;
    return {std::max(1, static_cast<int>(w * f)), std::max(1, static_cast<int>(h * f))};
}

}  // namespace

ImageGridView::ImageGridView(QWidget* parent) : QAbstractScrollArea(parent) {
    setObjectName("imageGridView");
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the grid flows to the width instead
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    viewport()->setMouseTracking(false);
}

QRgb ImageGridView::colourFor(ColourMap map, float t) {
    if (!std::isfinite(t)) return kInvalid;
    return map == ColourMap::Diverging ? interpolate(kDiverging, (t + 1.0f) / 2.0f) : interpolate(kSequential, t);
}

void ImageGridView::setImages(std::vector<GridImage> images, ColourMap map) {
    images_ = std::move(images);
    map_ = map;
    renderImages();
    updateScrollBars();
    viewport()->update();
}

void ImageGridView::setCellSize(int pixels) {
    pixels = std::max(8, pixels);
    if (pixels == cellSize_) return;
    cellSize_ = pixels;
    updateScrollBars();
    updateGeometry();
    viewport()->update();
}

void ImageGridView::setSymmetricScale(bool perImage) {
    if (perImage == perImage_) return;
    perImage_ = perImage;
    renderImages();
    viewport()->update();
}

void ImageGridView::setEmptyText(const QString& text) {
    emptyText_ = text;
    if (images_.empty()) viewport()->update();
}

void ImageGridView::renderImages() {
    Range all;
    for (const GridImage& image : images_)
        if (isValid(image)) {
            const Range r = rangeOf(image);
            if (r.any) {
                all.add(r.low);
                all.add(r.high);
            }
        }
    rendered_.assign(images_.size(), QImage());
    for (std::size_t i = 0; i < images_.size(); ++i) {
        const GridImage& image = images_[i];
        if (!isValid(image)) continue;
        const Range r = perImage_ ? rangeOf(image) : all;
        // Diverging: v / max|v| in [-1, 1]; sequential: (v - low) / (high - low) in [0, 1].
        // A constant image reads as 0 (white) or as the map's low end.
        const float scale = map_ == ColourMap::Diverging ? std::max(std::abs(r.low), std::abs(r.high)) : r.high - r.low;
        const float offset = map_ == ColourMap::Diverging ? 0.0f : r.low;
        const float inverse = scale > 0.0f ? 1.0f / scale : 0.0f;
        QImage out(image.width, image.height, QImage::Format_RGB32);
        for (int y = 0; y < image.height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
            const float* in = image.values.data() + static_cast<std::size_t>(y) * image.width;
            for (int x = 0; x < image.width; ++x)
                line[x] = std::isfinite(in[x]) ? colourFor(map_, (in[x] - offset) * inverse) : kInvalid;
        }
        rendered_[i] = std::move(out);
    }
}

int ImageGridView::labelHeight() const { return fontMetrics().height() + 2; }

int ImageGridView::rowHeight() const { return cellSize_ + labelHeight() + kSpacing; }

int ImageGridView::columnCount() const {
    const int available = viewport()->width() - 2 * kMargin + kSpacing;
    return std::max(1, available / (cellSize_ + kSpacing));
}

int ImageGridView::leftEdge() const {
    const int columns = columnCount();
    const int used = columns * cellSize_ + (columns - 1) * kSpacing;
    return std::max(kMargin, (viewport()->width() - used) / 2);  // centred: no ragged gap on the right
}

QRect ImageGridView::cellRect(int index) const {
    const int columns = columnCount();
    const int row = index / columns, column = index % columns;
    return {leftEdge() + column * (cellSize_ + kSpacing), kMargin + row * rowHeight(), cellSize_, cellSize_ + labelHeight()};
}

QRect ImageGridView::imageRect(int index) const {
    if (index < 0 || index >= imageCount()) return {};
    const QRect cell = cellRect(index).translated(0, -verticalScrollBar()->value());
    const GridImage& image = images_[static_cast<std::size_t>(index)];
    const QSize size = isValid(image) ? zoomedSize(image.width, image.height, cellSize_) : QSize(cellSize_, cellSize_);
    return {cell.left() + (cellSize_ - size.width()) / 2, cell.top() + (cellSize_ - size.height()) / 2, size.width(),
            size.height()};
}

int ImageGridView::imageAt(const QPoint& viewportPos) const {
    const QPoint content = viewportPos + QPoint(0, verticalScrollBar()->value());
    if (content.x() < leftEdge() || content.y() < kMargin) return -1;
    const int column = (content.x() - leftEdge()) / (cellSize_ + kSpacing);
    const int row = (content.y() - kMargin) / rowHeight();
    if (column >= columnCount()) return -1;
    const int index = row * columnCount() + column;
    if (index >= imageCount() || !cellRect(index).contains(content)) return -1;
    return index;
}

void ImageGridView::updateScrollBars() {
    const int rows = (imageCount() + columnCount() - 1) / columnCount();
    const int contentHeight = rows > 0 ? 2 * kMargin + rows * rowHeight() - kSpacing : 0;
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, contentHeight - viewport()->height()));
    bar->setPageStep(viewport()->height());
    bar->setSingleStep(std::max(1, rowHeight() / 2));
}

QSize ImageGridView::sizeHint() const {
    const int columns = 8, rows = 3;
    return {2 * kMargin + columns * (cellSize_ + kSpacing) + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(),
            2 * kMargin + rows * rowHeight() + 2 * frameWidth()};
}

void ImageGridView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    if (images_.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, emptyText_);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp pixels
    const int scroll = verticalScrollBar()->value();
    const int columns = columnCount();
    const int firstRow = std::max(0, (scroll - kMargin) / rowHeight());
    const int lastRow = (scroll + viewport()->height()) / rowHeight();
    QFont labelFont = font();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.9);
    painter.setFont(labelFont);
    const QFontMetrics metrics(labelFont);
    const QColor frame = palette().color(QPalette::Mid);
    const QColor text = palette().color(QPalette::Text);
    for (int index = firstRow * columns; index < std::min(imageCount(), (lastRow + 1) * columns); ++index) {
        const QRect target = imageRect(index);
        const QImage& image = rendered_[static_cast<std::size_t>(index)];
        if (image.isNull()) {
            painter.fillRect(target, QColor(kInvalid));
        } else {
            painter.drawImage(target, image);
        }
        painter.setPen(frame);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(target.adjusted(-1, -1, 0, 0));
        const QRect cell = cellRect(index).translated(0, -scroll);
        const QRect labelRect(cell.left() - kSpacing / 2, cell.top() + cellSize_ + 1, cellSize_ + kSpacing, labelHeight());
        painter.setPen(text);
        painter.drawText(labelRect, Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(images_[static_cast<std::size_t>(index)].label, Qt::ElideRight,
                                            labelRect.width()));
    }
}

void ImageGridView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void ImageGridView::scrollContentsBy(int, int) { viewport()->update(); }

bool ImageGridView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = imageAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const GridImage& image = images_[static_cast<std::size_t>(index)];
        const Range r = rangeOf(image);
        QString tip = image.label.isEmpty() ? tr("image %1").arg(index + 1) : image.label;
        tip += tr("\n%1 × %2").arg(image.width).arg(image.height);
        if (r.any) tip += tr(", values %1 to %2").arg(r.low, 0, 'g', 3).arg(r.high, 0, 'g', 3);
        QToolTip::showText(help->globalPos(), tip, viewport(), imageRect(index));
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void ImageGridView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const int index = imageAt(event->position().toPoint());
        if (index >= 0) emit imageClicked(index);
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

}  // namespace nw::ui
