#include "RunHistoryPanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "RunListModel.h"

namespace nw::ui {

RunHistoryPanel::RunHistoryPanel(QWidget* parent) : QWidget(parent) {
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(6);

    stack_ = new QStackedWidget(this);
    placeholder_ = new QLabel(tr("No runs yet. Every training run is kept here, so you can compare, resume or "
                                 "reuse it."),
                              stack_);
    placeholder_->setObjectName("runHistoryPlaceholder");
    placeholder_->setWordWrap(true);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);
    placeholder_->setMargin(12);
    stack_->addWidget(placeholder_);

    auto* listPage = new QWidget(stack_);
    auto* listColumn = new QVBoxLayout(listPage);
    listColumn->setContentsMargins(0, 0, 0, 0);
    listColumn->setSpacing(4);
    // The model keeps the runs oldest first; people want the latest on top.
    newestFirst_ = new QSortFilterProxyModel(this);
    newestFirst_->setSortRole(RunListModel::StartOrderRole);
    newestFirst_->setDynamicSortFilter(true);
    table_ = new QTableView(listPage);
    table_->setObjectName("runTable");
    table_->setModel(newestFirst_);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(24);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    listColumn->addWidget(table_, 1);
    auto* hint = new QLabel(tr("Tick runs to overlay their curves; double-click a name to rename it."), listPage);
    hint->setObjectName("runHistoryHint");
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    listColumn->addWidget(hint);
    stack_->addWidget(listPage);
    root->addWidget(stack_, 1);

    renameAction_ = new QAction(tr("Rename"), this);
    renameAction_->setToolTip(tr("Give the selected run a name of your own"));
    useSettingsAction_ = new QAction(tr("Use settings"), this);
    useSettingsAction_->setToolTip(tr("Load the selected run's hyperparameters into the form"));
    resumeAction_ = new QAction(tr("Resume"), this);
    resumeAction_->setToolTip(tr("Continue training from the run's last checkpoint (a finished run trains for "
                                 "more epochs)"));
    deleteAction_ = new QAction(tr("Delete"), this);
    deleteAction_->setToolTip(tr("Remove the selected run and its curves"));
    deleteAction_->setShortcut(QKeySequence::Delete);
    deleteAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    for (QAction* a : {renameAction_, useSettingsAction_, resumeAction_, deleteAction_}) table_->addAction(a);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    auto button = [this, buttons](QAction* action, const char* name) {
        auto* b = new QPushButton(action->text(), this);
        b->setObjectName(name);
        b->setToolTip(action->toolTip());
        connect(b, &QPushButton::clicked, action, &QAction::trigger);
        buttons->addWidget(b);
        return b;
    };
    renameButton_ = button(renameAction_, "renameRunButton");
    deleteButton_ = button(deleteAction_, "deleteRunButton");
    resumeButton_ = button(resumeAction_, "resumeRunButton");
    useSettingsButton_ = button(useSettingsAction_, "useRunSettingsButton");
    buttons->addStretch(1);
    root->addLayout(buttons);

    connect(renameAction_, &QAction::triggered, this, &RunHistoryPanel::renameCurrent);
    connect(deleteAction_, &QAction::triggered, this, &RunHistoryPanel::deleteCurrent);
    connect(resumeAction_, &QAction::triggered, this, &RunHistoryPanel::resumeCurrent);
    connect(useSettingsAction_, &QAction::triggered, this, &RunHistoryPanel::useSettingsOfCurrent);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunHistoryPanel::onCurrentRowChanged);
    // The current cell is always the name, so F2 renames whichever column was clicked.
    connect(table_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        if (index.isValid() && index.column() != RunListModel::NameColumn)
            table_->selectionModel()->setCurrentIndex(index.siblingAtColumn(RunListModel::NameColumn), QItemSelectionModel::NoUpdate);
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(newestFirst_, signal, this, &RunHistoryPanel::onRowsChanged);
    connect(newestFirst_, &QAbstractItemModel::modelReset, this, &RunHistoryPanel::onRowsChanged);
    connect(newestFirst_, &QAbstractItemModel::dataChanged, this, &RunHistoryPanel::updateActions);
    onRowsChanged();
}

void RunHistoryPanel::setRuns(RunListModel* runs) {
    if (runs_) runs_->disconnect(this);
    runs_ = runs;
    // A deleted run takes the selection with it, where the view would move it to a neighbour.
    // Connected before the proxy, so this is heard before the view's selection moves.
    if (runs_)
        connect(runs_, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex&, int first, int last) {
            for (int row = first; row <= last; ++row)
                if (runs_->idAt(row) == currentId_ && !currentId_.isEmpty()) removingCurrent_ = true;
        });
    newestFirst_->setSourceModel(runs);
    newestFirst_->sort(RunListModel::NameColumn, Qt::DescendingOrder);
    table_->horizontalHeader()->setSectionResizeMode(RunListModel::NameColumn, QHeaderView::Stretch);
    // A new model comes without a chosen run: nothing to act on until the user picks one.
    currentId_.clear();
    table_->setCurrentIndex(QModelIndex());
    onRowsChanged();
}

QString RunHistoryPanel::idAt(int row) const {
    return row >= 0 ? newestFirst_->index(row, RunListModel::NameColumn).data(RunListModel::RunIdRole).toString() : QString();
}

int RunHistoryPanel::rowOf(const QString& id) const {
    if (id.isEmpty()) return -1;
    for (int row = 0; row < newestFirst_->rowCount(); ++row)
        if (idAt(row) == id) return row;
    return -1;
}

// Runs came or went: the selection follows its run, or is cleared when the run is gone.
void RunHistoryPanel::onRowsChanged() {
    if (removingCurrent_) {
        removingCurrent_ = false;
        table_->clearSelection();
        table_->setCurrentIndex(QModelIndex());
        currentId_.clear();
        emit currentRunChanged(QString());
    }
    const int rows = newestFirst_->rowCount();
    stack_->setCurrentIndex(rows == 0 ? 0 : 1);
    const int currentRow = rowOf(currentId_);
    if (currentId_.isEmpty() && table_->currentIndex().isValid()) {
        table_->setCurrentIndex(QModelIndex());
    } else if (currentRow < 0 && !currentId_.isEmpty()) {
        currentId_.clear();
        table_->clearSelection();
        table_->setCurrentIndex(QModelIndex());
        emit currentRunChanged(QString());
    }
    updateActions();
}

void RunHistoryPanel::onCurrentRowChanged() {
    if (removingCurrent_) return;
    const QString id = idAt(table_->currentIndex().row());
    if (id != currentId_) {
        currentId_ = id;
        emit currentRunChanged(id);
    }
    updateActions();
}

QStringList RunHistoryPanel::overlaidRunIds() const { return runs_ ? runs_->overlaidIds() : QStringList(); }

void RunHistoryPanel::setOverlaid(const QString& id, bool overlaid) {
    if (runs_) runs_->setOverlaid(id, overlaid);
}

void RunHistoryPanel::setCurrentRunId(const QString& id) {
    const int row = rowOf(id);
    if (row >= 0) table_->setCurrentIndex(newestFirst_->index(row, RunListModel::NameColumn));
    else table_->setCurrentIndex(QModelIndex());
}

void RunHistoryPanel::setLocked(bool locked) {
    locked_ = locked;
    updateActions();
}

void RunHistoryPanel::updateActions() {
    const auto r = runs_ ? runs_->find(currentId_) : nullptr;
    const bool hasCheckpoint = r && !r->checkpointPath.empty();
    renameAction_->setEnabled(r != nullptr);
    deleteAction_->setEnabled(r && !locked_);
    useSettingsAction_->setEnabled(r && !locked_);
    resumeAction_->setEnabled(hasCheckpoint && !locked_ && r->status != RunRecord::Status::Running);
    renameButton_->setEnabled(renameAction_->isEnabled());
    deleteButton_->setEnabled(deleteAction_->isEnabled());
    useSettingsButton_->setEnabled(useSettingsAction_->isEnabled());
    resumeButton_->setEnabled(resumeAction_->isEnabled());
    // Say why Resume is off where it is not obvious.
    resumeButton_->setToolTip(r && !hasCheckpoint
                                  ? tr("This run has no checkpoint to resume from: one is written at the end of "
                                       "each epoch")
                                  : resumeAction_->toolTip());
}

void RunHistoryPanel::renameCurrent() {
    const int row = rowOf(currentId_);
    if (row < 0) return;
    table_->setFocus();
    table_->edit(newestFirst_->index(row, RunListModel::NameColumn));
}

void RunHistoryPanel::deleteCurrent() {
    const auto r = runs_ ? runs_->find(currentId_) : nullptr;
    if (!r || locked_) return;
    const QString id = currentId_;
    if (confirmDeletes_) {
        const auto answer = QMessageBox::question(
            this, tr("Delete run"),
            tr("Delete the run “%1” and its curves? This cannot be undone.")
                .arg(QString::fromStdString(r->name.empty() ? r->id : r->name)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) return;
    }
    emit deleteRequested(id);
}

void RunHistoryPanel::resumeCurrent() {
    if (resumeAction_->isEnabled()) emit resumeRequested(currentId_);
}

void RunHistoryPanel::useSettingsOfCurrent() {
    if (useSettingsAction_->isEnabled()) emit useSettingsRequested(currentId_);
}

}  // namespace nw::ui
