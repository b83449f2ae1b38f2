#include "DigitCanvas.h"

#include <QImage>
#include <QKeyEvent>
#include <QKeySequence>
#include <QMouseEvent>
#include <QPainter>
#include <QPen>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

namespace nw::ui {

namespace {

// Mouse moves closer than this (canvas pixels) to the last point add nothing: the stroke is
// round and 24 px wide, so they could not change the ink.
constexpr qreal kMinStep = 1.0;
// MNIST centres a digit's 20 × 20 bounding box in its 28 × 28 image.
constexpr qreal kGuideFraction = 20.0 / 28.0;

// Draws strokes in canvas coordinates with the painter's current transform.
void paintStrokes(QPainter& painter, const QList<QList<QPointF>>& strokes) {
    painter.setRenderHint(QPainter::Antialiasing);
    QPen pen(Qt::white, DigitCanvas::kStrokeWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    for (const QList<QPointF>& stroke : strokes) {
        if (stroke.isEmpty()) continue;
        if (stroke.size() == 1) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(Qt::white);
            const qreal r = DigitCanvas::kStrokeWidth / 2;
            painter.drawEllipse(stroke.front(), r, r);
        } else {
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawPolyline(QPolygonF(stroke));
        }
    }
}

}  // namespace

DigitCanvas::DigitCanvas(QWidget* parent) : QWidget(parent) {
    setObjectName("digitCanvas");
    setCursor(Qt::CrossCursor);
    setFocusPolicy(Qt::ClickFocus);  // Ctrl+Z and Delete act on the canvas once drawn on
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setToolTip(tr("Draw a digit with the mouse. Ctrl+Z removes the last stroke, Delete clears."));
}

QSize DigitCanvas::sizeHint() const { return {kCanvasSize, kCanvasSize}; }

QSize DigitCanvas::minimumSizeHint() const { return {kCanvasSize / 2, kCanvasSize / 2}; }

QRectF DigitCanvas::canvasRect() const {
    const qreal side = std::min(width(), height());
    return {(width() - side) / 2, (height() - side) / 2, side, side};
}

QPointF DigitCanvas::toWidget(const QPointF& canvasPoint) const {
    const QRectF square = canvasRect();
    return square.topLeft() + canvasPoint * (square.width() / kCanvasSize);
}

QPointF DigitCanvas::toCanvas(const QPointF& widgetPoint) const {
    const QRectF square = canvasRect();
    if (square.width() <= 0) return {};
    return (widgetPoint - square.topLeft()) * (kCanvasSize / square.width());
}

std::vector<float> DigitCanvas::ink(int* width, int* height) const {
    if (width) *width = kCanvasSize;
    if (height) *height = kCanvasSize;
    QImage image(kCanvasSize, kCanvasSize, QImage::Format_RGB32);
    image.fill(Qt::black);
    {
        QPainter painter(&image);
        paintStrokes(painter, strokes_);
    }
    std::vector<float> values(static_cast<std::size_t>(kCanvasSize) * kCanvasSize);
    for (int y = 0; y < kCanvasSize; ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < kCanvasSize; ++x)
            values[static_cast<std::size_t>(y) * kCanvasSize + x] = static_cast<float>(qRed(line[x])) / 255.0f;
    }
    return values;
}

void DigitCanvas::addStroke(const QList<QPointF>& points) {
    if (points.isEmpty()) return;
    strokes_.append(points);
    update();
    emit drawingChanged();
}

void DigitCanvas::undoStroke() {
    if (strokes_.isEmpty()) return;
    strokes_.removeLast();
    drawing_ = false;
    update();
    emit drawingChanged();
}

void DigitCanvas::clear() {
    if (strokes_.isEmpty()) return;
    strokes_.clear();
    drawing_ = false;
    update();
    emit drawingChanged();
}

void DigitCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRectF square = canvasRect();
    painter.fillRect(rect(), palette().window());
    painter.fillRect(square, Qt::black);
    painter.setClipRect(square);

    // The guide and the hint are for the eye only; ink() never sees them.
    const qreal guideSide = square.width() * kGuideFraction;
    const QRectF guide(square.center() - QPointF(guideSide / 2, guideSide / 2), QSizeF(guideSide, guideSide));
    QPen guidePen(QColor(255, 255, 255, 60), 1.0, Qt::DashLine);
    painter.setPen(guidePen);
    painter.drawRect(guide.adjusted(0.5, 0.5, -0.5, -0.5));
    if (strokes_.isEmpty()) {
        painter.setPen(QColor(255, 255, 255, 110));
        painter.drawText(square, Qt::AlignCenter | Qt::TextWordWrap, tr("Draw a digit here"));
    }

    painter.translate(square.topLeft());
    painter.scale(square.width() / kCanvasSize, square.height() / kCanvasSize);
    paintStrokes(painter, strokes_);
}

void DigitCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    drawing_ = true;
    addStroke({toCanvas(event->position())});
}

void DigitCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!drawing_ || strokes_.isEmpty()) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    const QPointF p = toCanvas(event->position());
    QList<QPointF>& stroke = strokes_.last();
    const QPointF step = p - stroke.last();
    if (std::abs(step.x()) + std::abs(step.y()) < kMinStep) return;
    stroke.append(p);
    update();
    emit drawingChanged();
}

void DigitCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !drawing_) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    drawing_ = false;
    emit strokeFinished();
}

void DigitCanvas::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Undo)) {
        undoStroke();
    } else if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        clear();
    } else {
        QWidget::keyPressEvent(event);
    }
}

}  // namespace nw::ui
