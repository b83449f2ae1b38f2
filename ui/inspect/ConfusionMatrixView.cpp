#include "ConfusionMatrixView.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "Formatting.h"

namespace nw::ui {

namespace {

constexpr int kMargin = 6;
constexpr int kGap = 4;
constexpr int kMaxNameWidth = 96;
constexpr int kMaxCell = 120;
constexpr int kSmallTextCell = 15;  // below this counts would be specks; the tooltip has them

QColor mix(const QColor& from, const QColor& to, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(from.redF() + (to.redF() - from.redF()) * t),
                            static_cast<float>(from.greenF() + (to.greenF() - from.greenF()) * t),
                            static_cast<float>(from.blueF() + (to.blueF() - from.blueF()) * t));
}

QColor textOn(const QColor& background) { return qGray(background.rgb()) < 150 ? QColor(Qt::white) : QColor(25, 25, 25); }

bool isNumber(const QString& text) {
    bool ok = false;
    text.toLongLong(&ok);
    return ok;
}


// Whole pixels that surely hold the text: elidedText() measures in fractions, and a width
// rounded down would elide the widest name.
int textWidth(const QFont& font, const QString& text) {
    return static_cast<int>(std::ceil(QFontMetricsF(font).horizontalAdvance(text))) + 1;
}

}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::setMatrix(const ConfusionMatrix& matrix, const QStringList& classNames) {
    const bool sameClasses = matrix.classes() == matrix_.classes();
    matrix_ = matrix;
    names_ = classNames;
    rowTotals_.assign(static_cast<std::size_t>(std::max(0, matrix_.classes())), 0);
    for (int t = 0; t < matrix_.classes(); ++t)
        for (int p = 0; p < matrix_.classes(); ++p) rowTotals_[static_cast<std::size_t>(t)] += matrix_.count(t, p);
    if (!sameClasses) {
        selectedTrue_ = selectedPredicted_ = -1;
        hoveredTrue_ = hoveredPredicted_ = -1;
        updateGeometry();
    }
    update();
}

void ConfusionMatrixView::clear() { setMatrix(ConfusionMatrix(), {}); }

void ConfusionMatrixView::setSelectedCell(int trueClass, int predictedClass) {
    const int n = matrix_.classes();
    if (trueClass < 0 || predictedClass < 0 || trueClass >= n || predictedClass >= n) trueClass = predictedClass = -1;
    selectedTrue_ = trueClass;
    selectedPredicted_ = predictedClass;
    update();
}

void ConfusionMatrixView::clearSelection() { setSelectedCell(-1, -1); }

QString ConfusionMatrixView::className(int cls) const {
    return cls >= 0 && cls < names_.size() && !names_[cls].isEmpty() ? names_[cls] : QString::number(cls);
}

double ConfusionMatrixView::rowFraction(int trueClass, int predictedClass) const {
    const std::int64_t total = rowTotals_[static_cast<std::size_t>(trueClass)];
    return total > 0 ? static_cast<double>(matrix_.count(trueClass, predictedClass)) / static_cast<double>(total) : 0.0;
}

QColor ConfusionMatrixView::cellColor(int trueClass, int predictedClass) const {
    if (matrix_.count(trueClass, predictedClass) == 0) return QColor(250, 250, 250);
    const double fraction = rowFraction(trueClass, predictedClass);
    if (trueClass == predictedClass) return mix(QColor(222, 235, 247), QColor(33, 102, 172), fraction);
    // Errors are usually a few percent of a row: a square root over [0, 0.5] keeps 1 % visible
    // while half a row wrong is full red.
    return mix(QColor(254, 229, 217), QColor(190, 20, 30), std::sqrt(fraction / 0.5));
}

ConfusionMatrixView::Layout ConfusionMatrixView::layout() const { return layoutFor(size()); }

ConfusionMatrixView::Layout ConfusionMatrixView::layoutFor(QSize size) const {
    Layout l;
    const int n = matrix_.classes();
    if (n <= 0) return l;
    const QFontMetrics metrics(font());
    const int textHeight = metrics.height();
    QFont bold = font();
    bold.setBold(true);  // the hovered or selected class's name
    for (int c = 0; c < n; ++c) l.nameWidth = std::max(l.nameWidth, textWidth(bold, className(c)));
    l.nameWidth = std::min(l.nameWidth, kMaxNameWidth);
    const int left = kMargin + textHeight + kGap + l.nameWidth + kGap;
    auto cellFor = [&](int top) {
        const int room = std::min(size.width() - left - kMargin, size.height() - top - kMargin);
        return std::clamp(room / n, 1, kMaxCell);
    };
    int top = kMargin + textHeight + kGap + textHeight + kGap;
    l.cell = cellFor(top);
    if (l.nameWidth + 4 > l.cell) {  // names wider than a column: write them upwards
        l.rotatedColumnLabels = true;
        top = kMargin + textHeight + kGap + l.nameWidth + kGap;
        l.cell = cellFor(top);
    }
    const int side = l.cell * n;
    const int x = left + std::max(0, (size.width() - left - kMargin - side) / 2);
    const int y = top + std::max(0, (size.height() - top - kMargin - side) / 2);
    l.grid = QRect(x, y, side, side);
    l.rowLabelStep = std::max(1, (textHeight + l.cell - 1) / l.cell);
    l.columnLabelStep = l.rotatedColumnLabels ? l.rowLabelStep : 1;
    return l;
}

QRect ConfusionMatrixView::cellRect(int trueClass, int predictedClass) const {
    const int n = matrix_.classes();
    if (trueClass < 0 || predictedClass < 0 || trueClass >= n || predictedClass >= n) return {};
    const Layout l = layout();
    return {l.grid.left() + predictedClass * l.cell, l.grid.top() + trueClass * l.cell, l.cell, l.cell};
}

bool ConfusionMatrixView::cellAt(const QPoint& pos, int* trueClass, int* predictedClass) const {
    const Layout l = layout();
    if (matrix_.classes() <= 0 || !l.grid.contains(pos)) return false;
    const int n = matrix_.classes();
    *trueClass = std::min(n - 1, (pos.y() - l.grid.top()) / l.cell);
    *predictedClass = std::min(n - 1, (pos.x() - l.grid.left()) / l.cell);
    return true;
}

QString ConfusionMatrixView::cellToolTip(int trueClass, int predictedClass) const {
    const int n = matrix_.classes();
    if (trueClass < 0 || predictedClass < 0 || trueClass >= n || predictedClass >= n) return {};
    const std::int64_t count = matrix_.count(trueClass, predictedClass);
    const QString name = className(trueClass);
    const QString ofClass = isNumber(name) ? tr("the %1s").arg(name) : tr("class %1").arg(name);
    const QString samples = count == 1 ? tr("1 sample") : tr("%1 samples").arg(withThousands(count));
    const QString share = rowTotals_[static_cast<std::size_t>(trueClass)] > 0
                              ? tr("%1 % of %2").arg(100.0 * rowFraction(trueClass, predictedClass), 0, 'f', 1).arg(ofClass)
                              : tr("no samples of %1").arg(ofClass);
    return tr("true %1, predicted %2: %3 (%4)").arg(name, className(predictedClass), samples, share);
}

QSize ConfusionMatrixView::sizeHint() const {
    const int n = matrix_.classes();
    if (n <= 0) return {360, 320};
    const QFontMetrics metrics(font());
    const int cell = std::clamp(400 / n, 12, 64);
    QFont bold = font();
    bold.setBold(true);
    int nameWidth = 0;
    for (int c = 0; c < n; ++c) nameWidth = std::max(nameWidth, textWidth(bold, className(c)));
    nameWidth = std::min(nameWidth, kMaxNameWidth);
    const int columnLabels = nameWidth + 4 > cell ? nameWidth : metrics.height();
    return {2 * kMargin + metrics.height() + 2 * kGap + nameWidth + n * cell,
            2 * kMargin + metrics.height() + 2 * kGap + columnLabels + n * cell};
}

QSize ConfusionMatrixView::minimumSizeHint() const {
    const int n = std::max(2, matrix_.classes());
    const QFontMetrics metrics(font());
    const int extra = 2 * kMargin + 2 * metrics.height() + 2 * kGap + std::min(kMaxNameWidth, textWidth(font(), "00") + 2);
    return {extra + n * 6, extra + n * 6};
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int n = matrix_.classes();
    if (n <= 0) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(rect(), Qt::AlignCenter, tr("No predictions yet"));
        return;
    }
    const Layout l = layout();
    const QFontMetrics metrics(font());
    QFont smallFont = font();
    smallFont.setPixelSize(std::max(7, metrics.height() * 3 / 4));
    const QFontMetrics smallMetrics(smallFont);

    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p) {
            const QRect cell = cellRect(t, p);
            const QColor colour = cellColor(t, p);
            painter.fillRect(cell, colour);
            const std::int64_t count = matrix_.count(t, p);
            if (count == 0) continue;
            const QString text = QString::number(count);
            const QFontMetrics* fitting = nullptr;
            if (metrics.horizontalAdvance(text) + 4 <= l.cell && metrics.height() <= l.cell) {
                painter.setFont(font());
                fitting = &metrics;
            } else if (l.cell >= kSmallTextCell && smallMetrics.horizontalAdvance(text) + 2 <= l.cell) {
                painter.setFont(smallFont);
                fitting = &smallMetrics;
            }
            if (!fitting) continue;
            painter.setPen(textOn(colour));
            painter.drawText(cell, Qt::AlignCenter, text);
        }
    if (l.cell >= 6) {  // thin grid lines, only where cells are big enough to need them
        painter.setPen(QColor(0, 0, 0, 28));
        for (int i = 1; i < n; ++i) {
            painter.drawLine(l.grid.left() + i * l.cell, l.grid.top(), l.grid.left() + i * l.cell, l.grid.bottom());
            painter.drawLine(l.grid.left(), l.grid.top() + i * l.cell, l.grid.right(), l.grid.top() + i * l.cell);
        }
    }
    painter.setPen(QColor(0, 0, 0, 70));
    painter.drawRect(l.grid.adjusted(0, 0, -1, -1));

    // Axis labels; those of the hovered or selected row and column in bold.
    const QColor labelColour = palette().windowText().color();
    QFont bold = font();
    bold.setBold(true);
    const int textHeight = metrics.height();
    auto emphasised = [&](int cls, bool row) {
        return row ? (cls == hoveredTrue_ || cls == selectedTrue_) : (cls == hoveredPredicted_ || cls == selectedPredicted_);
    };
    painter.setPen(labelColour);
    for (int c = 0; c < n; ++c) {
        const bool rowBold = emphasised(c, true);
        if (c % l.rowLabelStep == 0 || rowBold) {
            painter.setFont(rowBold ? bold : font());
            const int centre = l.grid.top() + c * l.cell + l.cell / 2;
            const QRect box(l.grid.left() - kGap - l.nameWidth, centre - textHeight / 2, l.nameWidth, textHeight);
            painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter,
                             QFontMetrics(painter.font()).elidedText(className(c), Qt::ElideRight, l.nameWidth));
        }
        const bool columnBold = emphasised(c, false);
        if (c % l.columnLabelStep == 0 || columnBold) {
            painter.setFont(columnBold ? bold : font());
            const int centre = l.grid.left() + c * l.cell + l.cell / 2;
            const QString name = QFontMetrics(painter.font()).elidedText(className(c), Qt::ElideRight, l.nameWidth);
            if (l.rotatedColumnLabels) {
                painter.save();
                painter.translate(centre, l.grid.top() - kGap);
                painter.rotate(-90);
                painter.drawText(QRect(0, -textHeight / 2, l.nameWidth, textHeight), Qt::AlignLeft | Qt::AlignVCenter, name);
                painter.restore();
            } else {
                const int width = std::max(l.cell, l.nameWidth + 4);
                painter.drawText(QRect(centre - width / 2, l.grid.top() - kGap - textHeight, width, textHeight), Qt::AlignCenter,
                                 name);
            }
        }
    }

    // Axis titles.
    QFont titleFont = bold;
    painter.setFont(titleFont);
    painter.setPen(palette().placeholderText().color());
    const int columnLabels = l.rotatedColumnLabels ? l.nameWidth : textHeight;
    painter.drawText(QRect(l.grid.left(), l.grid.top() - kGap - columnLabels - kGap - textHeight, l.grid.width(), textHeight),
                     Qt::AlignCenter, tr("predicted"));
    painter.save();
    painter.translate(l.grid.left() - kGap - l.nameWidth - kGap - textHeight / 2, l.grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-l.grid.height() / 2, -textHeight / 2, l.grid.height(), textHeight), Qt::AlignCenter, tr("true"));
    painter.restore();

    // Hover and selection outlines on top of everything.
    painter.setBrush(Qt::NoBrush);
    if (hoveredTrue_ >= 0 && (hoveredTrue_ != selectedTrue_ || hoveredPredicted_ != selectedPredicted_)) {
        painter.setPen(QPen(QColor(40, 40, 40), l.cell >= 10 ? 2 : 1));
        painter.drawRect(QRectF(cellRect(hoveredTrue_, hoveredPredicted_)).adjusted(1, 1, -1, -1));
    }
    if (selectedTrue_ >= 0) {
        const QRectF cell = cellRect(selectedTrue_, selectedPredicted_);
        painter.setPen(QPen(Qt::black, 3));
        painter.drawRect(cell.adjusted(0.5, 0.5, -0.5, -0.5));
        if (l.cell >= 10) {
            painter.setPen(QPen(Qt::white, 1));
            painter.drawRect(cell.adjusted(2.5, 2.5, -2.5, -2.5));
        }
    }
}

void ConfusionMatrixView::setHovered(int trueClass, int predictedClass) {
    if (trueClass == hoveredTrue_ && predictedClass == hoveredPredicted_) return;
    hoveredTrue_ = trueClass;
    hoveredPredicted_ = predictedClass;
    update();
}

bool ConfusionMatrixView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        int t = -1, p = -1;
        if (cellAt(help->pos(), &t, &p))
            QToolTip::showText(help->globalPos(), cellToolTip(t, p), this, cellRect(t, p));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* event) {
    int t = -1, p = -1;
    if (!cellAt(event->position().toPoint(), &t, &p)) t = p = -1;
    setHovered(t, p);
    setCursor(t >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event) {
    int t = -1, p = -1;
    if (event->button() != Qt::LeftButton || !cellAt(event->position().toPoint(), &t, &p)) {
        QWidget::mousePressEvent(event);
        return;
    }
    setSelectedCell(t, p);
    emit cellClicked(t, p);
}

void ConfusionMatrixView::leaveEvent(QEvent* event) {
    setHovered(-1, -1);
    QWidget::leaveEvent(event);
}

void ConfusionMatrixView::keyPressEvent(QKeyEvent* event) {
    const int n = matrix_.classes();
    int t = std::max(0, selectedTrue_), p = std::max(0, selectedPredicted_);
    switch (event->key()) {
    case Qt::Key_Up: t = std::max(0, t - 1); break;
    case Qt::Key_Down: t = std::min(n - 1, t + 1); break;
    case Qt::Key_Left: p = std::max(0, p - 1); break;
    case Qt::Key_Right: p = std::min(n - 1, p + 1); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space: break;
    default: QWidget::keyPressEvent(event); return;
    }
    if (n <= 0) return;
    setSelectedCell(t, p);
    emit cellClicked(t, p);
}

}  // namespace nw::ui
