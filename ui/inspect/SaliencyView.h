#pragma once
#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

class QCheckBox;
class QPainter;

namespace nw::ui {

// The selected sample enlarged with crisp pixels, and what its prediction depends on: a
// saliency map in [0, 1] drawn as a heat map (transparent for nothing, yellow to red for
// more) over it. A check box above hides the overlay; another lays out image | saliency |
// overlay side by side (image | saliency with the overlay off).
class SaliencyView : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyView(QWidget* parent = nullptr);

    // The sample as an image (grayscale or colour), shown at a whole-number zoom.
    void setImage(const QImage& gray);
    // Saliency per pixel, row by row, values in [0, 1] (clamped); usually the image's size,
    // stretched over it otherwise. A size mismatch with values.size() clears the map.
    void setSaliency(const std::vector<float>& values, int width, int height);
    void clear();
    void setOverlayVisible(bool visible);
    bool overlayVisible() const;
    void setSideBySide(bool sideBySide);
    bool sideBySide() const;
    // Shown when there is no image.
    void setEmptyText(const QString& text);

    bool hasImage() const { return !image_.isNull(); }
    bool hasSaliency() const { return !heat_.isNull(); }
    // The panels currently drawn (1 to 3, left to right), in this widget's coordinates.
    std::vector<QRect> panelRects() const;
    // The heat colour (premultiplied ARGB) of a saliency value.
    static QRgb heatColour(float saliency);

    QSize sizeHint() const override;

private:
    enum class Panel { Image, Saliency, Overlay };
    std::vector<Panel> panels() const;
    std::vector<QRect> layoutPanels(const QRect& area) const;
    void paintCanvas(QPainter& painter, const QRect& area) const;

    QWidget* canvas_ = nullptr;
    QCheckBox* overlayBox_ = nullptr;
    QCheckBox* sideBySideBox_ = nullptr;
    QImage image_;
    QImage heat_;  // premultiplied ARGB at the saliency's resolution
    QString emptyText_;
};

}  // namespace nw::ui
