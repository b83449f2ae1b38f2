#pragma once
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <vector>

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace nw::ui {

// The linear-regression view: the data as a scatter, the model's fitted line or curve
// (replaced as training runs, so it visibly moves towards the data) and, for reference, the
// least-squares line dashed. The axes span the data with a margin and stay put while the
// fit moves; the chart's title is the fit's equation.
class RegressionFitView : public QWidget {
    Q_OBJECT
public:
    explicit RegressionFitView(QWidget* parent = nullptr);

    // The training data (x, y); sets the axes' ranges. Non-finite points are left out.
    void setData(const std::vector<QPointF>& points);
    // The model's outputs along x; an empty caption is computed from the curve's end points
    // as "y = a x + b" (right for a one-input linear model). Non-finite points are left out.
    void setFit(const std::vector<QPointF>& curve, const QString& caption = QString());
    // A reference line (the least-squares fit), dashed; empty hides it.
    void setReference(const std::vector<QPointF>& line);
    void clear();

    // The region the axes show: where the caller should evaluate the fit.
    QRectF dataRange() const;
    QString caption() const { return caption_; }
    // "y = 2.98 x + 2.51" for the line through the first and last point.
    static QString lineCaption(const std::vector<QPointF>& line);
    // The least-squares line y = a x + b through points, over [xMin, xMax] (two points; none
    // for fewer than two distinct x).
    static std::vector<QPointF> leastSquaresLine(const std::vector<QPointF>& points, double xMin, double xMax);

    QChart* chart() const { return chart_; }
    QChartView* chartView() const { return view_; }
    QScatterSeries* dataSeries() const { return data_; }
    QLineSeries* fitSeries() const { return fit_; }
    QLineSeries* referenceSeries() const { return reference_; }

private:
    QChartView* view_ = nullptr;
    QChart* chart_ = nullptr;
    QScatterSeries* data_ = nullptr;
    QLineSeries* fit_ = nullptr;
    QLineSeries* reference_ = nullptr;
    QValueAxis* axisX_ = nullptr;
    QValueAxis* axisY_ = nullptr;
    QString caption_;
};

}  // namespace nw::ui
