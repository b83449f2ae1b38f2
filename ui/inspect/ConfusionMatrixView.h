#pragma once
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "inspect/ConfusionMatrix.h"

namespace nw::ui {

// The confusion matrix as a clickable heat map: rows are true classes, columns predicted
// ones, each cell coloured by its share of its row (blue on the diagonal, red for errors,
// with small error rates boosted so they stay visible). Counts are written where they fit.
// Hovering shows the cell's numbers; a click (or the arrow keys) selects a cell and emits
// cellClicked, which the gallery turns into its Cell filter.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // Shows `matrix`; a selection survives when the number of classes stays the same.
    void setMatrix(const ConfusionMatrix& matrix, const QStringList& classNames);
    void clear();
    const ConfusionMatrix& matrix() const { return matrix_; }
    const QStringList& classNames() const { return names_; }

    // Selection without a signal (to follow a selection made elsewhere, e.g. a most-confused pair).
    void setSelectedCell(int trueClass, int predictedClass);
    void clearSelection();
    int selectedTrueClass() const { return selectedTrue_; }
    int selectedPredictedClass() const { return selectedPredicted_; }

    // Where a cell is painted in widget coordinates (empty for a class out of range).
    QRect cellRect(int trueClass, int predictedClass) const;
    // The cell under pos; false outside the grid.
    bool cellAt(const QPoint& pos, int* trueClass, int* predictedClass) const;
    // "true 4, predicted 9: 12 samples (1.2 % of the 4s)".
    QString cellToolTip(int trueClass, int predictedClass) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellClicked(int trueClass, int predictedClass);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Layout {
        QRect grid;        // n × n cells of `cell` pixels
        int cell = 0;
        int nameWidth = 0;  // room for a class name
        bool rotatedColumnLabels = false;
        int rowLabelStep = 1, columnLabelStep = 1;  // every k-th label when cells are small
    };
    Layout layout() const;
    Layout layoutFor(QSize size) const;
    QString className(int cls) const;
    double rowFraction(int trueClass, int predictedClass) const;
    QColor cellColor(int trueClass, int predictedClass) const;
    void setHovered(int trueClass, int predictedClass);

    ConfusionMatrix matrix_;
    QStringList names_;
    std::vector<std::int64_t> rowTotals_;
    int selectedTrue_ = -1, selectedPredicted_ = -1;
    int hoveredTrue_ = -1, hoveredPredicted_ = -1;
};

}  // namespace nw::ui
