#include "ClassMetricsTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "Formatting.h"

namespace nw::ui {

namespace {

constexpr int kClassRole = Qt::UserRole + 1;      // the class a table row or list entry is about
constexpr int kPredictedRole = Qt::UserRole + 2;  // a most-confused entry's predicted class

// Sorts by the number behind the text, not the text.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(const QString& text, double value) : QTableWidgetItem(text) {
        setData(Qt::UserRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};


}  // namespace

ClassMetricsTable::ClassMetricsTable(QWidget* parent)
    : QWidget(parent),
      accuracy_(new QLabel(this)),
      table_(new QTableWidget(0, 5, this)),
      confusedTitle_(new QLabel(tr("Most confused"), this)),
      confused_(new QListWidget(this)) {
    QFont bold = font();
    bold.setBold(true);
    accuracy_->setFont(bold);
    accuracy_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    confusedTitle_->setFont(bold);

    table_->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    table_->horizontalHeaderItem(ClassColumn)->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (int c = PrecisionColumn; c <= SupportColumn; ++c)
        table_->horizontalHeaderItem(c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->horizontalHeaderItem(PrecisionColumn)->setToolTip(tr("Of the samples predicted as the class, the share that is it"));
    table_->horizontalHeaderItem(RecallColumn)->setToolTip(tr("Of the samples of the class, the share predicted as it"));
    table_->horizontalHeaderItem(F1Column)->setToolTip(tr("Harmonic mean of precision and recall"));
    table_->horizontalHeaderItem(SupportColumn)->setToolTip(tr("Samples whose true class it is"));
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(ClassColumn, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setHighlightSections(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ClassColumn, Qt::AscendingOrder);
    table_->setToolTip(tr("Click a class to show its samples; click a heading to sort"));

    confused_->setToolTip(tr("Click a pair to show its samples"));
    confused_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    confused_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(accuracy_);
    layout->addWidget(table_, 100);
    layout->addSpacing(4);
    layout->addWidget(confusedTitle_);
    layout->addWidget(confused_);
    layout->addStretch(1);  // what the table, grown to fit its rows, leaves over

    connect(confused_, &QListWidget::itemClicked, this, &ClassMetricsTable::activateItem);
    connect(confused_, &QListWidget::itemActivated, this, &ClassMetricsTable::activateItem);
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (const QTableWidgetItem* item = table_->item(row, ClassColumn)) emit classActivated(item->data(kClassRole).toInt());
    });
    clear();
}

void ClassMetricsTable::activateItem(QListWidgetItem* item) {
    if (item && item->data(kClassRole).isValid()) emit pairActivated(item->data(kClassRole).toInt(), item->data(kPredictedRole).toInt());
}

void ClassMetricsTable::clear() { setMatrix(ConfusionMatrix(), {}); }

void ClassMetricsTable::setMatrix(const ConfusionMatrix& matrix, const QStringList& classNames) {
    const int n = matrix.classes();
    auto name = [&](int cls) {
        return cls >= 0 && cls < classNames.size() && !classNames[cls].isEmpty() ? classNames[cls] : QString::number(cls);
    };
    const std::int64_t total = matrix.total();
    if (total > 0) {
        std::int64_t correct = 0;
        for (int c = 0; c < n; ++c) correct += matrix.count(c, c);
        accuracy_->setText(tr("Accuracy %1 %  (%2 of %3 correct)")
                               .arg(100.0 * matrix.accuracy(), 0, 'f', 2)
                               .arg(withThousands(correct), withThousands(total)));
    } else {
        accuracy_->setText(tr("Accuracy —  (no predictions yet)"));
    }

    // Refilling a sorted table moves rows under the inserts; sort once at the end instead.
    const int sortColumn = table_->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder sortOrder = table_->horizontalHeader()->sortIndicatorOrder();
    const QList<QTableWidgetItem*> selected = table_->selectedItems();
    const int selectedClass = selected.isEmpty() ? -1 : selected.front()->data(kClassRole).toInt();
    table_->setSortingEnabled(false);
    table_->clearContents();
    table_->setRowCount(n);
    for (int c = 0; c < n; ++c) {
        const ClassMetrics m = matrix.metrics(c);
        auto* classItem = new NumberItem(name(c), c);
        classItem->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        table_->setItem(c, ClassColumn, classItem);
        table_->setItem(c, PrecisionColumn, new NumberItem(QString::number(m.precision, 'f', 3), m.precision));
        table_->setItem(c, RecallColumn, new NumberItem(QString::number(m.recall, 'f', 3), m.recall));
        table_->setItem(c, F1Column, new NumberItem(QString::number(m.f1, 'f', 3), m.f1));
        table_->setItem(c, SupportColumn, new NumberItem(withThousands(m.support), static_cast<double>(m.support)));
        for (int column = ClassColumn; column <= SupportColumn; ++column) table_->item(c, column)->setData(kClassRole, c);
    }
    table_->setSortingEnabled(true);
    table_->sortByColumn(sortColumn, sortOrder);
    table_->setCurrentItem(nullptr);  // no focus frame on a row nobody chose
    for (int row = 0; row < n; ++row)
        if (table_->item(row, ClassColumn)->data(kClassRole).toInt() == selectedClass) table_->selectRow(row);
    // Tall enough for every row (it scrolls when the screen gives it less), never taller.
    const int chrome = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth();
    const int rowHeight = table_->verticalHeader()->defaultSectionSize();
    table_->setMinimumHeight(chrome + rowHeight * std::min(std::max(n, 1), 3));
    table_->setMaximumHeight(chrome + rowHeight * std::max(n, 1) + 1);

    confused_->clear();
    for (const ConfusedPair& pair : matrix.mostConfused(kMostConfused)) {
        auto* item = new QListWidgetItem(QStringLiteral("%1 → %2: %3").arg(name(pair.trueClass), name(pair.predictedClass), withThousands(pair.count)),
                                         confused_);
        item->setData(kClassRole, pair.trueClass);
        item->setData(kPredictedRole, pair.predictedClass);
        item->setToolTip(tr("%1 samples of %2 predicted as %3; click to show them")
                             .arg(withThousands(pair.count), name(pair.trueClass), name(pair.predictedClass)));
    }
    if (confused_->count() == 0) {
        auto* item = new QListWidgetItem(total > 0 ? tr("no mistakes") : tr("no predictions yet"), confused_);
        item->setFlags(Qt::NoItemFlags);
    }
    // Room for five entries whatever the count, so the layout does not jump between updates.
    const int row = std::max(confused_->sizeHintForRow(0), fontMetrics().height() + 4);
    confused_->setFixedHeight(row * kMostConfused + 2 * confused_->frameWidth() + 2);
}

}  // namespace nw::ui
