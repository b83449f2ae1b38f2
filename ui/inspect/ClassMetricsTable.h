#pragma once
#include <QStringList>
#include <QWidget>

#include "inspect/ConfusionMatrix.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QTableWidget;

namespace nw::ui {

// Per-class precision, recall, F1 and support (sortable, 3 decimals) under an overall
// accuracy line, and the five most confused pairs ("4 → 9: 12") to click into.
class ClassMetricsTable : public QWidget {
    Q_OBJECT
public:
    enum Column { ClassColumn, PrecisionColumn, RecallColumn, F1Column, SupportColumn };
    static constexpr int kMostConfused = 5;

    explicit ClassMetricsTable(QWidget* parent = nullptr);

    void setMatrix(const ConfusionMatrix& matrix, const QStringList& classNames);
    void clear();

    QTableWidget* table() const { return table_; }
    QListWidget* mostConfusedList() const { return confused_; }
    QLabel* accuracyLabel() const { return accuracy_; }

signals:
    // A most-confused entry was clicked or activated.
    void pairActivated(int trueClass, int predictedClass);
    // A row of the table was clicked (to show that class's samples).
    void classActivated(int trueClass);

private:
    void activateItem(QListWidgetItem* item);

    QLabel* accuracy_;
    QTableWidget* table_;
    QLabel* confusedTitle_;
    QListWidget* confused_;
};

}  // namespace nw::ui
