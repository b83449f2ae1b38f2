#include "CurveChart.h"

#include <QCursor>
#include <QFont>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

#include "CurveLegend.h"

namespace nw::ui {

namespace {

void centreIn(const QChart* chart, QGraphicsSimpleTextItem* hint) {
    const QRectF text = hint->boundingRect();
    hint->setPos(chart->plotArea().center() - QPointF(text.width() / 2, text.height() / 2));
}

}  // namespace

CurveChart::CurveChart(const QString& title, QAbstractAxis* valueAxis, QWidget* parent) : valueAxis_(valueAxis) {
    chart_ = new QChart;
    chart_->setTitle(title);
    QFont titleFont = chart_->titleFont();
    titleFont.setBold(true);
    chart_->setTitleFont(titleFont);
    chart_->setMargins(QMargins(4, 4, 4, 0));
    chart_->setBackgroundRoundness(0);
    chart_->legend()->hide();  // CurveLegend below the view wraps where QChart's would elide

    timeAxis_ = new QValueAxis;
    // Ticks at round numbers from 0 (the owner sets the interval), not at fifths of the range.
    timeAxis_->setTickType(QValueAxis::TicksDynamic);
    timeAxis_->setTickAnchor(0.0);
    timeAxis_->setTickInterval(0.2);
    timeAxis_->setRange(0, 1);
    chart_->addAxis(timeAxis_, Qt::AlignBottom);
    chart_->addAxis(valueAxis_, Qt::AlignLeft);

    hint_ = new QGraphicsSimpleTextItem(chart_);
    QFont hintFont = hint_->font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 1.3);
    hint_->setFont(hintFont);
    hint_->setBrush(QColor(110, 110, 110));
    hint_->setZValue(10);
    hint_->hide();
    // Captures the chart and its item, not this, so the connection cannot outlive what it uses.
    QObject::connect(chart_, &QChart::plotAreaChanged, chart_, [chart = chart_, hint = hint_] { centreIn(chart, hint); });

    // The panel has the chart's white background (the light theme's, a gradient brush whose
    // color() would read black), so view and legend read as one card.
    panel_ = new QWidget(parent);
    panel_->setAutoFillBackground(true);
    QPalette palette = panel_->palette();
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::WindowText, QColor(60, 60, 60));
    panel_->setPalette(palette);
    view_ = new QChartView(chart_, panel_);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setMinimumSize(320, 220);
    legend_ = new CurveLegend(panel_);
    auto* layout = new QVBoxLayout(panel_);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(0);
    layout->addWidget(view_, 1);
    layout->addWidget(legend_);
}

QLineSeries* CurveChart::addSeries(const QString& name, const CurveStyle& style) {
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(style.color, style.width, style.pen);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    series->setPen(pen);
    if (style.markers) {
        series->setPointsVisible(true);
        series->setMarkerSize(6.0);
    }
    chart_->addSeries(series);
    series->attachAxis(timeAxis_);
    series->attachAxis(valueAxis_);
    // Reading exact values off a curve is what the chart is for; the tooltip gives them.
    QObject::connect(series, &QLineSeries::hovered, series, [series](const QPointF& point, bool entered) {
        if (entered)
            QToolTip::showText(QCursor::pos(), QStringLiteral("%1\nx = %2\ny = %3")
                                                   .arg(series->name())
                                                   .arg(point.x(), 0, 'g', 6)
                                                   .arg(point.y(), 0, 'g', 4));
        else
            QToolTip::hideText();
    });
    series_.push_back(series);
    styles_.push_back(style);
    return series;
}

void CurveChart::removeAllSeries() {
    chart_->removeAllSeries();  // deletes them
    series_.clear();
    styles_.clear();
}

QLineSeries* CurveChart::series(const QString& name) const {
    for (QLineSeries* s : series_)
        if (s->name() == name) return s;
    return nullptr;
}

void CurveChart::setPoints(QLineSeries* series, const QList<QPointF>& points) { series->replace(points); }

void CurveChart::updateLegend() {
    std::vector<CurveLegend::Entry> entries;
    if (legendVisible_)
        for (std::size_t i = 0; i < series_.size(); ++i)
            if (series_[i]->isVisible() && series_[i]->count() > 0)
                entries.push_back({series_[i]->pen(), styles_[i].markers, series_[i]->name()});
    legend_->setEntries(std::move(entries));
}

void CurveChart::setLegendVisible(bool visible) {
    legendVisible_ = visible;
    legend_->setVisible(visible);
    updateLegend();
}

void CurveChart::setHint(const QString& text) {
    hint_->setText(text);
    hint_->setVisible(!text.isEmpty());
    centreIn(chart_, hint_);
}

QString CurveChart::hint() const { return hint_->isVisible() ? hint_->text() : QString(); }

}  // namespace nw::ui
