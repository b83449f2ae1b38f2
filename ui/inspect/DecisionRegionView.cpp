#include "DecisionRegionView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>

#include "AxisTicks.h"

namespace nw::ui {

namespace {

constexpr int kPad = 8;
constexpr int kTick = 4;
// Tableau 10: distinct, colour-blind-aware hues that stay readable when paled for regions.
constexpr std::array<QRgb, 10> kPalette = {0xff4e79a7, 0xfff28e2b, 0xffe15759, 0xff76b7b2, 0xff59a14f,
                                           0xffedc948, 0xffb07aa1, 0xffff9da7, 0xff9c755f, 0xffbab0ac};

QString tickLabel(double v, double step) {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    if (std::abs(v) < step * 1e-6) v = 0;  // no "-0.0"
    return QString::number(v, 'f', decimals);
}

std::vector<double> ticks(double low, double high) {
    const double step = niceTickStep(high - low);
    std::vector<double> out;
    for (double v = std::ceil(low / step - 1e-9) * step; v <= high + step * 1e-9 && out.size() < 50; v += step)
        out.push_back(v);
    return out;
}

bool validGrid(const nw::RegionGrid& g) {
    const std::size_t cells = static_cast<std::size_t>(std::max(0, g.width)) * static_cast<std::size_t>(std::max(0, g.height));
    return cells > 0 && g.classes.size() == cells && g.confidence.size() == cells && g.xMax > g.xMin && g.yMax > g.yMin;
}

}  // namespace

DecisionRegionView::DecisionRegionView(QWidget* parent) : QWidget(parent) {
    setObjectName("decisionRegionView");
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QSize DecisionRegionView::sizeHint() const { return {520, 440}; }

QSize DecisionRegionView::minimumSizeHint() const { return {260, 220}; }

void DecisionRegionView::setPoints(const std::vector<QPointF>& points, const std::vector<int>& labels,
                                   const QStringList& classNames) {
    points_.clear();
    labels_.clear();
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x()) || !std::isfinite(points[i].y())) continue;
        points_.push_back(points[i]);
        labels_.push_back(i < labels.size() ? labels[i] : -1);
    }
    classNames_ = classNames;
    renderRegions();  // the class count may have changed the confidence scale
    update();
}

void DecisionRegionView::setRegions(const nw::RegionGrid& grid) {
    grid_ = validGrid(grid) ? grid : nw::RegionGrid{};
    renderRegions();
    update();
}

void DecisionRegionView::clearRegions() { setRegions(nw::RegionGrid{}); }

void DecisionRegionView::clear() {
    points_.clear();
    labels_.clear();
    classNames_.clear();
    clearRegions();
}

int DecisionRegionView::classCount() const {
    int count = static_cast<int>(classNames_.size());
    for (int label : labels_) count = std::max(count, label + 1);
    for (int c : grid_.classes) count = std::max(count, c + 1);
    return std::max(count, 2);
}

QColor DecisionRegionView::classColour(int classIndex) const {
    if (classIndex < 0) return QColor(150, 150, 150);
    if (classIndex < static_cast<int>(kPalette.size())) return QColor::fromRgb(kPalette[static_cast<std::size_t>(classIndex)]);
    return QColor::fromHsv((classIndex * 137 + 20) % 360, 150, 200);  // golden angle: neighbours differ
}

QRgb DecisionRegionView::regionColour(int classIndex, float confidence) const {
    // Confidence runs from chance (1 / classes) to 1; a sure region is a clear pastel of its
    // class, an unsure one fades to white, so the boundaries show as pale seams.
    const double chance = 1.0 / classCount();
    const double t = std::isfinite(confidence) ? std::clamp((confidence - chance) / (1.0 - chance), 0.0, 1.0) : 0.0;
    const double strength = 0.12 + 0.43 * t;
    const QColor c = classColour(classIndex);
    auto mix = [strength](int v) { return static_cast<int>(std::lround(255 + (v - 255) * strength)); };
    return qRgb(mix(c.red()), mix(c.green()), mix(c.blue()));
}

void DecisionRegionView::renderRegions() {
    if (grid_.width <= 0) {
        regionImage_ = QImage();
        return;
    }
    regionImage_ = QImage(grid_.width, grid_.height, QImage::Format_RGB32);
    for (int y = 0; y < grid_.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(regionImage_.scanLine(y));
        for (int x = 0; x < grid_.width; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * grid_.width + x;
            line[x] = regionColour(grid_.classes[i], grid_.confidence[i]);
        }
    }
}

QRectF DecisionRegionView::dataRange() const {
    if (points_.empty()) {
        if (grid_.width > 0) return QRectF(QPointF(grid_.xMin, grid_.yMin), QPointF(grid_.xMax, grid_.yMax));
        return {0, 0, 1, 1};
    }
    double xMin = points_.front().x(), xMax = xMin, yMin = points_.front().y(), yMax = yMin;
    for (const QPointF& p : points_) {
        xMin = std::min(xMin, p.x()), xMax = std::max(xMax, p.x());
        yMin = std::min(yMin, p.y()), yMax = std::max(yMax, p.y());
    }
    // A degenerate extent (one point, a line) still gets an area around it.
    const double w = xMax - xMin > 0 ? xMax - xMin : 1.0, h = yMax - yMin > 0 ? yMax - yMin : 1.0;
    return QRectF(QPointF(xMin - 0.1 * w, yMin - 0.1 * h), QPointF(xMax + 0.1 * w, yMax + 0.1 * h));
}

int DecisionRegionView::legendWidth() const {
    int widest = fontMetrics().horizontalAdvance(tr("prediction"));
    for (int c = 0; c < classCount(); ++c)
        widest = std::max(widest, fontMetrics().horizontalAdvance(c < classNames_.size() ? classNames_[c] : QString::number(c)));
    return std::clamp(widest + 26, 70, 180);
}

QRectF DecisionRegionView::plotRect() const {
    const QFontMetrics fm = fontMetrics();
    const QRectF range = dataRange();
    int labelWidth = 0;
    for (double v : ticks(range.top(), range.bottom()))
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(tickLabel(v, niceTickStep(range.height()))));
    const double left = kPad + fm.height() + 4 + labelWidth + kTick + 4;
    const double bottom = kPad + fm.height() + 4 + fm.height() + kTick + 2;
    const double right = kPad + legendWidth() + 12;
    return QRectF(left, kPad + fm.height() / 2.0, std::max(10.0, width() - left - right),
                  std::max(10.0, height() - kPad - fm.height() / 2.0 - bottom));
}

QPointF DecisionRegionView::toWidget(const QPointF& data) const {
    const QRectF plot = plotRect(), range = dataRange();
    return {plot.left() + (data.x() - range.left()) / range.width() * plot.width(),
            plot.bottom() - (data.y() - range.top()) / range.height() * plot.height()};
}

QPointF DecisionRegionView::toData(const QPointF& widget) const {
    const QRectF plot = plotRect(), range = dataRange();
    return {range.left() + (widget.x() - plot.left()) / plot.width() * range.width(),
            range.top() + (plot.bottom() - widget.y()) / plot.height() * range.height()};
}

void DecisionRegionView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    const QRectF plot = plotRect();
    const QRectF range = dataRange();
    const QFontMetrics fm = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);

    painter.fillRect(plot, Qt::white);
    if (points_.empty() && regionImage_.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, tr("Decision regions appear for 2-D classification sets"));
    }

    painter.save();
    painter.setClipRect(plot);
    if (!regionImage_.isNull()) {
        // Smooth scaling softens the cell steps into boundaries that read as curves.
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        const QRectF target(toWidget(QPointF(grid_.xMin, grid_.yMax)), toWidget(QPointF(grid_.xMax, grid_.yMin)));
        painter.drawImage(target, regionImage_);
    }
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal radius = points_.size() <= 500 ? 4.0 : points_.size() <= 2000 ? 3.0 : 2.2;
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const QColor colour = classColour(labels_[i]);
        painter.setPen(QPen(colour.darker(170), 1.0));
        painter.setBrush(colour);
        painter.drawEllipse(toWidget(points_[i]), radius, radius);
    }
    painter.restore();

    // Frame, ticks and tick labels.
    painter.setPen(QPen(QColor(120, 120, 120), 1.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot.adjusted(-0.5, -0.5, 0.5, 0.5));
    painter.setPen(text);
    const double xStep = niceTickStep(range.width()), yStep = niceTickStep(range.height());
    for (double v : ticks(range.left(), range.right())) {
        const double x = toWidget(QPointF(v, range.top())).x();
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + kTick));
        const QString label = tickLabel(v, xStep);
        const int w = fm.horizontalAdvance(label);
        painter.drawText(QRectF(x - w / 2.0 - 2, plot.bottom() + kTick + 1, w + 4, fm.height()), Qt::AlignCenter, label);
    }
    for (double v : ticks(range.top(), range.bottom())) {
        const double y = toWidget(QPointF(range.left(), v)).y();
        painter.drawLine(QPointF(plot.left() - kTick, y), QPointF(plot.left(), y));
        painter.drawText(QRectF(kPad, y - fm.height() / 2.0, plot.left() - kTick - 3 - kPad, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, yStep));
    }
    // Axis titles: x1 under the plot, x2 turned up along its left side.
    painter.drawText(QRectF(plot.left(), plot.bottom() + kTick + fm.height() + 2, plot.width(), fm.height()),
                     Qt::AlignCenter, QStringLiteral("x1"));
    painter.save();
    painter.translate(kPad + fm.ascent(), plot.center().y());
    painter.rotate(-90);
    painter.drawText(QPointF(-fm.horizontalAdvance("x2") / 2.0, 0), QStringLiteral("x2"));
    painter.restore();

    // Legend: a dot per class as the points are drawn, then what the background means.
    const double legendLeft = plot.right() + 12;
    double y = plot.top();
    painter.setRenderHint(QPainter::Antialiasing);
    const int classes = points_.empty() && classNames_.isEmpty() && regionImage_.isNull() ? 0 : classCount();
    for (int c = 0; c < classes; ++c) {
        const QColor colour = classColour(c);
        painter.setPen(QPen(colour.darker(170), 1.0));
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(legendLeft + 6, y + fm.height() / 2.0), 5, 5);
        painter.setPen(text);
        const QString name = c < classNames_.size() ? classNames_[c] : QString::number(c);
        painter.drawText(QRectF(legendLeft + 16, y, legendWidth() - 16, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(name, Qt::ElideRight, legendWidth() - 16));
        y += fm.height() + 4;
    }
    if (!regionImage_.isNull()) {
        y += 6;
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        painter.setFont(small);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRectF(legendLeft, y, legendWidth(), 6 * fm.height()), Qt::AlignLeft | Qt::TextWordWrap,
                         tr("Shading: the model's prediction, paler where it is less sure"));
    }
}

bool DecisionRegionView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (!plotRect().contains(help->pos())) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const QPointF p = toData(help->pos());
        QString tip = QStringLiteral("x1 = %1, x2 = %2").arg(p.x(), 0, 'g', 3).arg(p.y(), 0, 'g', 3);
        if (grid_.width > 0 && p.x() >= grid_.xMin && p.x() <= grid_.xMax && p.y() >= grid_.yMin && p.y() <= grid_.yMax) {
            const int gx = std::clamp(static_cast<int>((p.x() - grid_.xMin) / (grid_.xMax - grid_.xMin) * grid_.width), 0,
                                      grid_.width - 1);
            const int gy = std::clamp(static_cast<int>((grid_.yMax - p.y()) / (grid_.yMax - grid_.yMin) * grid_.height), 0,
                                      grid_.height - 1);
            const std::size_t i = static_cast<std::size_t>(gy) * grid_.width + gx;
            const int c = grid_.classes[i];
            const QString name = c >= 0 && c < classNames_.size() ? classNames_[c] : QString::number(c);
            tip += tr("\nmodel: %1 (%2 %)").arg(name).arg(grid_.confidence[i] * 100.0, 0, 'f', 0);
        }
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace nw::ui
