#include "SaliencyView.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <functional>

namespace nw::ui {

namespace {

constexpr int kGap = 12;  // between side-by-side panels

// A plain widget whose painting the owner does, so the view's check boxes sit in a layout
// above the picture.
class PaintArea : public QWidget {
public:
    PaintArea(QWidget* parent, std::function<void(QPainter&, const QRect&)> paint)
        : QWidget(parent), paint_(std::move(paint)) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setMinimumSize(120, 120);
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        paint_(painter, rect());
    }

private:
    std::function<void(QPainter&, const QRect&)> paint_;
};

// A strip from no saliency to full saliency over black, for the key beside the check boxes.
QPixmap heatKey(int width, int height) {
    QImage key(width, height, QImage::Format_ARGB32_Premultiplied);
    key.fill(Qt::black);
    QPainter painter(&key);
    for (int x = 0; x < width; ++x)
        painter.fillRect(x, 0, 1, height, QColor::fromRgba(SaliencyView::heatColour(static_cast<float>(x) / (width - 1))));
    painter.setPen(QColor(128, 128, 128));
    painter.drawRect(0, 0, width - 1, height - 1);
    return QPixmap::fromImage(key);
}

}  // namespace

SaliencyView::SaliencyView(QWidget* parent) : QWidget(parent), emptyText_(tr("Select a sample to see its saliency")) {
    setObjectName("saliencyView");
    overlayBox_ = new QCheckBox(tr("Overlay"), this);
    overlayBox_->setObjectName("saliencyOverlay");
    overlayBox_->setChecked(true);
    overlayBox_->setToolTip(tr("Draw the saliency map over the image"));
    sideBySideBox_ = new QCheckBox(tr("Side by side"), this);
    sideBySideBox_->setObjectName("saliencySideBySide");
    sideBySideBox_->setToolTip(tr("Show the image, the saliency map and the overlay next to each other"));
    auto* low = new QLabel(tr("low"), this);
    auto* key = new QLabel(this);
    key->setPixmap(heatKey(72, 10));
    key->setToolTip(tr("How much the predicted class's score changes with each pixel"));
    auto* high = new QLabel(tr("high"), this);

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(overlayBox_);
    controls->addWidget(sideBySideBox_);
    controls->addStretch(1);
    controls->addWidget(low);
    controls->addWidget(key);
    controls->addWidget(high);

    canvas_ = new PaintArea(this, [this](QPainter& painter, const QRect& area) { paintCanvas(painter, area); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(controls);
    layout->addWidget(canvas_, 1);

    connect(overlayBox_, &QCheckBox::toggled, canvas_, qOverload<>(&QWidget::update));
    connect(sideBySideBox_, &QCheckBox::toggled, canvas_, qOverload<>(&QWidget::update));
}

QRgb SaliencyView::heatColour(float saliency) {
    const float s = std::isfinite(saliency) ? std::clamp(saliency, 0.0f, 1.0f) : 0.0f;
    // Yellow (255, 225, 0) for a little, red (215, 25, 28) for the most; opacity rises fast
    // at first so weak evidence still shows, and tops out where the image stays readable.
    const float alpha = std::min(1.0f, s * 1.6f) * 0.85f;
    const int r = static_cast<int>(std::lround(255 + (215 - 255) * s));
    const int g = static_cast<int>(std::lround(225 + (25 - 225) * s));
    const int b = static_cast<int>(std::lround(0 + (28 - 0) * s));
    return qPremultiply(qRgba(r, g, b, static_cast<int>(std::lround(alpha * 255))));
}

void SaliencyView::setImage(const QImage& gray) {
    image_ = gray;
    canvas_->update();
}

void SaliencyView::setSaliency(const std::vector<float>& values, int width, int height) {
    if (width <= 0 || height <= 0 || values.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        heat_ = QImage();
    } else {
        heat_ = QImage(width, height, QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(heat_.scanLine(y));
            for (int x = 0; x < width; ++x) line[x] = heatColour(values[static_cast<std::size_t>(y) * width + x]);
        }
    }
    canvas_->update();
}

void SaliencyView::clear() {
    image_ = QImage();
    heat_ = QImage();
    canvas_->update();
}

void SaliencyView::setOverlayVisible(bool visible) { overlayBox_->setChecked(visible); }

bool SaliencyView::overlayVisible() const { return overlayBox_->isChecked(); }

void SaliencyView::setSideBySide(bool sideBySide) { sideBySideBox_->setChecked(sideBySide); }

bool SaliencyView::sideBySide() const { return sideBySideBox_->isChecked(); }

void SaliencyView::setEmptyText(const QString& text) {
    emptyText_ = text;
    canvas_->update();
}

QSize SaliencyView::sizeHint() const { return {3 * 140 + 2 * kGap, 200}; }

std::vector<SaliencyView::Panel> SaliencyView::panels() const {
    if (image_.isNull()) return {};
    if (!sideBySide()) return {overlayVisible() ? Panel::Overlay : Panel::Image};
    if (!overlayVisible()) return {Panel::Image, Panel::Saliency};
    return {Panel::Image, Panel::Saliency, Panel::Overlay};
}

std::vector<QRect> SaliencyView::layoutPanels(const QRect& area) const {
    const std::vector<Panel> shown = panels();
    const int n = static_cast<int>(shown.size());
    if (n == 0) return {};
    const int captionHeight = n > 1 ? fontMetrics().height() + 4 : 0;
    const int side = std::min((area.width() - (n - 1) * kGap) / n, area.height() - captionHeight);
    const int iw = image_.width(), ih = image_.height();
    const int longest = std::max(iw, ih);
    QSize size;
    if (side >= longest) {
        const int zoom = side / longest;  // whole pixels on screen
        size = QSize(iw * zoom, ih * zoom);
    } else {
        size = QSize(std::max(1, iw * side / longest), std::max(1, ih * side / longest));
    }
    const int total = n * size.width() + (n - 1) * kGap;
    const int left = area.left() + (area.width() - total) / 2;
    const int top = area.top() + (area.height() - size.height() - captionHeight) / 2;
    std::vector<QRect> rects;
    for (int i = 0; i < n; ++i) rects.emplace_back(QPoint(left + i * (size.width() + kGap), top), size);
    return rects;
}

std::vector<QRect> SaliencyView::panelRects() const {
    std::vector<QRect> rects = layoutPanels(canvas_->rect());
    for (QRect& r : rects) r.translate(canvas_->pos());
    return rects;
}

void SaliencyView::paintCanvas(QPainter& painter, const QRect& area) const {
    const std::vector<Panel> shown = panels();
    if (shown.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, emptyText_);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp, pixel-aligned
    const std::vector<QRect> rects = layoutPanels(area);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const QRect& r = rects[i];
        QString caption;
        switch (shown[i]) {
        case Panel::Image:
            painter.drawImage(r, image_);
            caption = tr("image");
            break;
        case Panel::Saliency:
            painter.fillRect(r, Qt::black);
            if (!heat_.isNull()) painter.drawImage(r, heat_);
            caption = tr("saliency");
            break;
        case Panel::Overlay:
            painter.drawImage(r, image_);
            if (!heat_.isNull()) painter.drawImage(r, heat_);
            caption = tr("overlay");
            break;
        }
        painter.setPen(palette().color(QPalette::Mid));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(r.adjusted(-1, -1, 0, 0));
        if (shown.size() > 1) {
            painter.setPen(palette().color(QPalette::Text));
            painter.drawText(QRect(r.left(), r.bottom() + 3, r.width(), fontMetrics().height()), Qt::AlignHCenter, caption);
        }
    }
}

}  // namespace nw::ui
