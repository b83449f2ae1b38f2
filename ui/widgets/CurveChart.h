#pragma once
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <vector>

class QAbstractAxis;
class QChart;
class QChartView;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;
class QWidget;

namespace nw::ui {

class CurveLegend;

// How one curve is drawn.
struct CurveStyle {
    QColor color;
    qreal width = 2.0;
    Qt::PenStyle pen = Qt::SolidLine;
    bool markers = false;  // per-epoch curves mark their points
};

// One chart of the Train screen: a panel with the chart view and, below it, a legend that
// wraps; a time axis at the bottom, a value axis on the left and named line series on both,
// created once per run change so that a refresh only replaces their points.
class CurveChart {
public:
    // Takes the value axis (a QValueAxis or a QLogValueAxis).
    CurveChart(const QString& title, QAbstractAxis* valueAxis, QWidget* parent);
    CurveChart(const CurveChart&) = delete;
    CurveChart& operator=(const CurveChart&) = delete;

    // The panel to put in a layout: the view and the legend under it.
    QWidget* panel() const { return panel_; }
    QChartView* view() const { return view_; }
    QChart* chart() const { return chart_; }
    QValueAxis* timeAxis() const { return timeAxis_; }
    QAbstractAxis* valueAxis() const { return valueAxis_; }

    QLineSeries* addSeries(const QString& name, const CurveStyle& style);
    void removeAllSeries();
    // The first series with that legend name, or nullptr.
    QLineSeries* series(const QString& name) const;
    const std::vector<QLineSeries*>& allSeries() const { return series_; }
    void setPoints(QLineSeries* series, const QList<QPointF>& points);
    // Lists the visible series that have points (a run without validation split lists no
    // validation curve); call after a round of setPoints().
    void updateLegend();
    void setLegendVisible(bool visible);
    CurveLegend* legend() const { return legend_; }

    // Text centred in the plot area for an empty chart; an empty text hides it.
    void setHint(const QString& text);
    QString hint() const;

private:
    QWidget* panel_ = nullptr;
    QChartView* view_ = nullptr;
    CurveLegend* legend_ = nullptr;
    bool legendVisible_ = true;
    QChart* chart_ = nullptr;
    QValueAxis* timeAxis_ = nullptr;
    QAbstractAxis* valueAxis_ = nullptr;
    QGraphicsSimpleTextItem* hint_ = nullptr;
    std::vector<QLineSeries*> series_;
    std::vector<CurveStyle> styles_;  // parallel to series_, for the legend's swatches
};

}  // namespace nw::ui
