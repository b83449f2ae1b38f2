#include "RegressionFitView.h"

#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <algorithm>
#include <cmath>

#include "AxisTicks.h"

namespace nw::ui {

namespace {

QList<QPointF> finitePoints(const std::vector<QPointF>& points) {
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(points.size()));
    for (const QPointF& p : points)
        if (std::isfinite(p.x()) && std::isfinite(p.y())) out.append(p);
    return out;
}

QString number(double v) { return std::abs(v) < 1000 ? QString::number(v, 'f', 2) : QString::number(v, 'g', 4); }

void setAxis(QValueAxis* axis, double low, double high) {
    if (!(high > low)) {
        low -= 1;
        high += 1;
    }
    const double pad = (high - low) * 0.05;
    axis->setRange(low - pad, high + pad);
    const double step = niceTickStep(high - low + 2 * pad);
    axis->setTickAnchor(std::floor((low - pad) / step) * step);
    axis->setTickInterval(step);
    axis->setLabelFormat(step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2g");
}

}  // namespace

RegressionFitView::RegressionFitView(QWidget* parent) : QWidget(parent) {
    setObjectName("regressionFitView");
    chart_ = new QChart;
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->setBackgroundRoundness(0);
    QFont titleFont = chart_->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    chart_->setTitleFont(titleFont);
    chart_->legend()->setAlignment(Qt::AlignBottom);

    data_ = new QScatterSeries;
    data_->setName(tr("data"));
    data_->setMarkerSize(7);
    data_->setColor(QColor(31, 119, 180, 160));
    data_->setBorderColor(Qt::transparent);
    reference_ = new QLineSeries;
    reference_->setName(tr("least squares"));
    reference_->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    fit_ = new QLineSeries;
    fit_->setName(tr("model"));
    QPen fitPen(QColor(214, 39, 40), 2.5);
    fitPen.setCapStyle(Qt::RoundCap);
    fit_->setPen(fitPen);

    axisX_ = new QValueAxis;
    axisX_->setTitleText("x");
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisY_ = new QValueAxis;
    axisY_->setTitleText("y");
    axisY_->setTickType(QValueAxis::TicksDynamic);
    setAxis(axisX_, 0, 1);
    setAxis(axisY_, 0, 1);
    chart_->addAxis(axisX_, Qt::AlignBottom);
    chart_->addAxis(axisY_, Qt::AlignLeft);
    // Data under the reference under the model, so the moving line is never hidden.
    for (QXYSeries* series : {static_cast<QXYSeries*>(data_), static_cast<QXYSeries*>(reference_),
                              static_cast<QXYSeries*>(fit_)}) {
        chart_->addSeries(series);
        series->attachAxis(axisX_);
        series->attachAxis(axisY_);
    }
    reference_->setVisible(false);
    fit_->setVisible(false);

    view_ = new QChartView(chart_, this);
    view_->setObjectName("regressionFitChart");
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setMinimumSize(320, 240);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
}

void RegressionFitView::setData(const std::vector<QPointF>& points) {
    const QList<QPointF> finite = finitePoints(points);
    data_->replace(finite);
    data_->setName(tr("data (%1)").arg(finite.size()));
    if (finite.isEmpty()) return;
    double xMin = finite.front().x(), xMax = xMin, yMin = finite.front().y(), yMax = yMin;
    for (const QPointF& p : finite) {
        xMin = std::min(xMin, p.x()), xMax = std::max(xMax, p.x());
        yMin = std::min(yMin, p.y()), yMax = std::max(yMax, p.y());
    }
    setAxis(axisX_, xMin, xMax);
    setAxis(axisY_, yMin, yMax);
}

void RegressionFitView::setFit(const std::vector<QPointF>& curve, const QString& caption) {
    const QList<QPointF> finite = finitePoints(curve);
    fit_->replace(finite);
    fit_->setVisible(!finite.isEmpty());
    caption_ = caption.isEmpty() ? lineCaption(std::vector<QPointF>(finite.begin(), finite.end())) : caption;
    chart_->setTitle(caption_);
}

void RegressionFitView::setReference(const std::vector<QPointF>& line) {
    const QList<QPointF> finite = finitePoints(line);
    reference_->replace(finite);
    reference_->setVisible(!finite.isEmpty());
    const QString equation = lineCaption(line);
    reference_->setName(equation.isEmpty() ? tr("least squares") : tr("least squares: %1").arg(equation));
}

void RegressionFitView::clear() {
    setData({});
    setFit({});
    setReference({});
}

QRectF RegressionFitView::dataRange() const {
    return QRectF(QPointF(axisX_->min(), axisY_->min()), QPointF(axisX_->max(), axisY_->max()));
}

QString RegressionFitView::lineCaption(const std::vector<QPointF>& line) {
    if (line.size() < 2) return {};
    const QPointF a = line.front(), b = line.back();
    if (!(std::abs(b.x() - a.x()) > 0) || !std::isfinite(a.y()) || !std::isfinite(b.y())) return {};
    const double slope = (b.y() - a.y()) / (b.x() - a.x());
    const double intercept = a.y() - slope * a.x();
    return QStringLiteral("y = %1 x %2 %3").arg(number(slope), intercept < 0 ? "-" : "+", number(std::abs(intercept)));
}

std::vector<QPointF> RegressionFitView::leastSquaresLine(const std::vector<QPointF>& points, double xMin, double xMax) {
    double n = 0, sx = 0, sy = 0;
    for (const QPointF& p : points)
        if (std::isfinite(p.x()) && std::isfinite(p.y())) n += 1, sx += p.x(), sy += p.y();
    if (n < 2) return {};
    const double mx = sx / n, my = sy / n;
    double sxx = 0, sxy = 0;
    for (const QPointF& p : points)
        if (std::isfinite(p.x()) && std::isfinite(p.y())) {
            sxx += (p.x() - mx) * (p.x() - mx);
            sxy += (p.x() - mx) * (p.y() - my);
        }
    if (!(sxx > 0)) return {};
    const double slope = sxy / sxx, intercept = my - slope * mx;
    return {QPointF(xMin, slope * xMin + intercept), QPointF(xMax, slope * xMax + intercept)};
}

}  // namespace nw::ui
