#pragma once
#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "inspect/DecisionRegions.h"

namespace nw::ui {

// Decision regions of a classifier of 2-D points: what the model predicts over the plane
// as a background (the class's colour, paler where it is less sure) with the data points on
// top in their true class's colour (darker outlines), axes with ticks and a legend.
class DecisionRegionView : public QWidget {
    Q_OBJECT
public:
    explicit DecisionRegionView(QWidget* parent = nullptr);

    // The data: one label per point (class index into classNames).
    void setPoints(const std::vector<QPointF>& points, const std::vector<int>& labels, const QStringList& classNames);
    // The model's predictions, drawn over the grid's own rectangle.
    void setRegions(const nw::RegionGrid& grid);
    void clearRegions();
    void clear();

    // The points' bounding box with a 10 % margin on each side: the rectangle the caller
    // should request the region grid for (and the one the plot shows; the grid's, or
    // [0, 1]², without points).
    QRectF dataRange() const;
    // A categorical palette (Tableau 10, then golden-angle hues); grey for a negative index.
    QColor classColour(int classIndex) const;
    // The colour a region cell of that class and confidence gets (classCount for the scale).
    QRgb regionColour(int classIndex, float confidence) const;

    int pointCount() const { return static_cast<int>(points_.size()); }
    bool hasRegions() const { return !regionImage_.isNull(); }
    // Where the plot area is, and where a data point lands in it, in widget coordinates.
    QRectF plotRect() const;
    QPointF toWidget(const QPointF& data) const;
    QPointF toData(const QPointF& widget) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int classCount() const;
    int legendWidth() const;
    void renderRegions();

    std::vector<QPointF> points_;
    std::vector<int> labels_;
    QStringList classNames_;
    nw::RegionGrid grid_;
    QImage regionImage_;
};

}  // namespace nw::ui
