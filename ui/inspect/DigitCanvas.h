#pragma once
#include <QList>
#include <QPointF>
#include <QWidget>
#include <vector>

namespace nw::ui {

// Draw-a-digit: white round strokes on black, like an MNIST digit before it is shrunk.
// Strokes live in a fixed 280 × 280 canvas space (kCanvasSize) whatever the widget's size:
// the widget shows that space as the largest centred square it can hold, so resizing never
// changes the drawing, and ink() always returns 280 × 280 values. A faint dashed box marks
// the central 20/28 of the side, where MNIST puts a digit's bounding box.
class DigitCanvas : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCanvasSize = 280;
    // About 2.4 of 28 pixels once shrunk to MNIST's size, like its pen strokes.
    static constexpr qreal kStrokeWidth = 24.0;

    explicit DigitCanvas(QWidget* parent = nullptr);

    // The strokes rasterised (antialiased) at kCanvasSize × kCanvasSize, row by row, 0 for
    // background and 1 for full ink. width and height, where given, receive the size.
    std::vector<float> ink(int* width = nullptr, int* height = nullptr) const;
    bool isEmpty() const { return strokes_.isEmpty(); }
    int strokeCount() const { return static_cast<int>(strokes_.size()); }
    const QList<QList<QPointF>>& strokes() const { return strokes_; }

    // A whole stroke in canvas coordinates (one point draws a dot); emits drawingChanged().
    void addStroke(const QList<QPointF>& points);
    // The widget position under canvas point p, and back.
    QPointF toWidget(const QPointF& canvasPoint) const;
    QPointF toCanvas(const QPointF& widgetPoint) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

public slots:
    // Removes the last stroke (the one being drawn, if any); emits drawingChanged().
    void undoStroke();
    void clear();

signals:
    // Ink was added (on press and on every mouse move that extends the stroke; the receiver
    // throttles), or a stroke was removed.
    void drawingChanged();
    // The mouse was released: a good moment for a final, unthrottled update.
    void strokeFinished();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QRectF canvasRect() const;  // the square the canvas occupies, in widget coordinates

    QList<QList<QPointF>> strokes_;
    bool drawing_ = false;
};

}  // namespace nw::ui
