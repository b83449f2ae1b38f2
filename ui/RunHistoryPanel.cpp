#include "RunHistoryPanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace nw::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QColor statusColour(RunRecord::Status status) {
    switch (status) {
        case RunRecord::Status::Running: return QColor("#1565c0");
        case RunRecord::Status::Completed: return QColor("#2e7d32");
        case RunRecord::Status::Stopped: return QColor("#616161");
        case RunRecord::Status::Diverged: return QColor("#e65100");
        case RunRecord::Status::Failed: return QColor("#c62828");
    }
    return {};
}

QString percent(double fraction) { return QString::number(fraction * 100.0, 'f', 1) + QLatin1Char('%'); }
QString lossText(double loss) { return QString::number(loss, 'g', 3); }

QString metricsDetail(const Metrics& m) {
    QString text = RunHistoryPanel::tr("loss %1").arg(lossText(m.loss));
    if (m.accuracy) text = RunHistoryPanel::tr("accuracy %1, %2").arg(percent(*m.accuracy), text);
    return text;
}

// The run's latest result, validation first: "val 97.8%", "train 91.0%", "val loss 0.012".
std::pair<QString, QString> resultOf(const RunRecord& r) {
    if (r.epochs.empty()) {
        if (r.batches.empty()) return {QStringLiteral("—"), RunHistoryPanel::tr("No results yet")};
        return {RunHistoryPanel::tr("loss %1").arg(lossText(r.batches.back().loss)),
                RunHistoryPanel::tr("Loss of the last batch (step %1); no epoch finished yet").arg(r.batches.back().step)};
    }
    const EpochReport& e = r.epochs.back();
    const bool validation = e.validation.samples > 0;
    const Metrics& m = validation ? e.validation : e.train;
    QString text;
    if (m.accuracy)
        text = (validation ? RunHistoryPanel::tr("val %1") : RunHistoryPanel::tr("train %1")).arg(percent(*m.accuracy));
    else
        text = (validation ? RunHistoryPanel::tr("val loss %1") : RunHistoryPanel::tr("loss %1")).arg(lossText(m.loss));
    QString tip = RunHistoryPanel::tr("After epoch %1\ntraining: %2").arg(e.epoch).arg(metricsDetail(e.train));
    tip += validation ? RunHistoryPanel::tr("\nvalidation: %1").arg(metricsDetail(e.validation))
                      : RunHistoryPanel::tr("\nno validation split");
    return {text, tip};
}

QTableWidgetItem* readOnlyItem() {
    auto* item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

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
    table_ = new QTableWidget(0, ColumnCount, listPage);
    table_->setObjectName("runTable");
    const QStringList headers{tr("Run"), tr("Status"), tr("Epochs"), tr("Result")};
    const QStringList tips{tr("Tick a run to overlay its curves on the charts; double-click its name to rename it"),
                           tr("How the run ended (or that it is still training)"),
                           tr("Epochs done / epochs planned"),
                           tr("Latest validation accuracy (loss for regression); training's when there is no "
                              "validation split")};
    for (int c = 0; c < ColumnCount; ++c) {
        auto* item = new QTableWidgetItem(headers[c]);
        item->setToolTip(tips[c]);
        item->setTextAlignment((c == EpochsColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        table_->setHorizontalHeaderItem(c, item);
    }
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(24);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table_->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    for (int c : {static_cast<int>(StatusColumn), static_cast<int>(EpochsColumn), static_cast<int>(ResultColumn)})
        table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
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
    connect(table_, &QTableWidget::itemChanged, this,
            [this](QTableWidgetItem* item) { onItemChanged(item->row(), item->column()); });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunHistoryPanel::onCurrentRowChanged);
    // The current cell is always the name, so F2 renames whichever column was clicked.
    connect(table_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        if (index.isValid() && index.column() != NameColumn)
            table_->selectionModel()->setCurrentIndex(index.siblingAtColumn(NameColumn), QItemSelectionModel::NoUpdate);
    });
    refresh();
}

void RunHistoryPanel::setRuns(const std::vector<RunRecord>* runs) {
    runs_ = runs;
    refresh();
}

const RunRecord* RunHistoryPanel::run(const QString& id) const {
    if (!runs_ || id.isEmpty()) return nullptr;
    for (const RunRecord& r : *runs_)
        if (QString::fromStdString(r.id) == id) return &r;
    return nullptr;
}

QString RunHistoryPanel::idAt(int row) const {
    const QTableWidgetItem* item = row >= 0 ? table_->item(row, NameColumn) : nullptr;
    return item ? item->data(kIdRole).toString() : QString();
}

int RunHistoryPanel::rowOf(const QString& id) const {
    if (id.isEmpty()) return -1;
    for (int row = 0; row < table_->rowCount(); ++row)
        if (idAt(row) == id) return row;
    return -1;
}

void RunHistoryPanel::refresh() {
    QStringList ids;  // newest first
    if (runs_)
        for (auto it = runs_->rbegin(); it != runs_->rend(); ++it) ids << QString::fromStdString(it->id);

    const qsizetype overlaidBefore = overlaid_.size();
    overlaid_.intersect(QSet<QString>(ids.begin(), ids.end()));
    const bool overlayPruned = overlaid_.size() != overlaidBefore;

    filling_ = true;
    bool sameRows = table_->rowCount() == ids.size();
    for (int row = 0; sameRows && row < ids.size(); ++row) sameRows = idAt(row) == ids[row];
    // Same runs in the same order: update in place, so a name being edited keeps its editor.
    if (!sameRows) {
        table_->clearContents();
        table_->setRowCount(static_cast<int>(ids.size()));
    }
    for (int row = 0; row < ids.size(); ++row) fillRow(row, *run(ids[row]));

    const int currentRow = rowOf(currentId_);
    if (currentRow >= 0) {
        if (table_->currentRow() != currentRow) table_->setCurrentCell(currentRow, NameColumn);
    } else {
        table_->clearSelection();
        table_->setCurrentIndex(QModelIndex());
    }
    filling_ = false;

    stack_->setCurrentIndex(ids.isEmpty() ? 0 : 1);
    const bool currentLost = currentRow < 0 && !currentId_.isEmpty();
    if (currentLost) currentId_.clear();
    updateActions();
    if (overlayPruned) emit overlayChanged();
    if (currentLost) emit currentRunChanged(QString());
}

void RunHistoryPanel::fillRow(int row, const RunRecord& r) {
    const QString id = QString::fromStdString(r.id);
    for (int c = 0; c < ColumnCount; ++c)
        if (!table_->item(row, c)) table_->setItem(row, c, readOnlyItem());

    // Only what differs is written: any change to the name cell reloads an open editor there.
    QTableWidgetItem* name = table_->item(row, NameColumn);
    const Qt::ItemFlags nameFlags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
    if (name->flags() != nameFlags) name->setFlags(nameFlags);
    name->setData(kIdRole, id);
    const QString shownName = QString::fromStdString(r.name.empty() ? r.id : r.name);
    if (name->text() != shownName) name->setText(shownName);
    name->setCheckState(overlaid_.contains(id) ? Qt::Checked : Qt::Unchecked);
    QString nameTip = shownName;
    if (!r.startedAt.empty()) nameTip += tr("\nstarted %1").arg(QString::fromStdString(r.startedAt));
    if (!r.dataset.empty()) nameTip += tr("\ndata: %1").arg(QString::fromStdString(r.dataset));
    nameTip += tr("\n%1, learning rate %2, batch %3")
                   .arg(QString::fromStdString(r.config.optimizer.kind))
                   .arg(r.config.schedule.baseRate)
                   .arg(r.config.batchSize == 0 ? tr("whole set") : QString::number(r.config.batchSize));
    name->setToolTip(nameTip);

    QTableWidgetItem* status = table_->item(row, StatusColumn);
    status->setText(QString::fromStdString(runStatusName(r.status)));
    status->setForeground(statusColour(r.status));
    QFont font = table_->font();
    font.setBold(r.status == RunRecord::Status::Running);
    status->setFont(font);
    status->setToolTip(r.message.empty() ? status->text() : QString::fromStdString(r.message));

    QTableWidgetItem* epochs = table_->item(row, EpochsColumn);
    const int done = r.epochs.empty() ? 0 : r.epochs.back().epoch;
    epochs->setText(QStringLiteral("%1/%2").arg(done).arg(r.config.epochs));
    epochs->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    epochs->setToolTip(tr("%1 of %2 epochs").arg(done).arg(r.config.epochs));

    const auto [result, resultTip] = resultOf(r);
    QTableWidgetItem* resultItem = table_->item(row, ResultColumn);
    resultItem->setText(result);
    resultItem->setToolTip(resultTip);
}

void RunHistoryPanel::onItemChanged(int row, int column) {
    if (filling_ || column != NameColumn) return;
    QTableWidgetItem* item = table_->item(row, column);
    const QString id = item->data(kIdRole).toString();
    const RunRecord* r = run(id);
    if (!r) return;

    const bool ticked = item->checkState() == Qt::Checked;
    const bool overlayToggled = ticked != overlaid_.contains(id);
    if (overlayToggled) {
        if (ticked)
            overlaid_.insert(id);
        else
            overlaid_.remove(id);
    }
    const QString recorded = QString::fromStdString(r->name.empty() ? r->id : r->name);
    const QString typed = item->text().trimmed();
    const bool renamed = item->text() != recorded && !typed.isEmpty() && typed != recorded;
    if (item->text() != recorded && !renamed) {
        filling_ = true;  // an empty name is no name: show the old one again
        item->setText(recorded);
        filling_ = false;
    }
    // Last: the owner may refresh() from these.
    if (overlayToggled) emit overlayChanged();
    if (renamed) emit renameRequested(id, typed);
}

void RunHistoryPanel::onCurrentRowChanged() {
    if (filling_) return;
    const QString id = idAt(table_->currentRow());
    if (id != currentId_) {
        currentId_ = id;
        emit currentRunChanged(id);
    }
    updateActions();
}

QStringList RunHistoryPanel::overlaidRunIds() const {
    QStringList ids;
    if (runs_)
        for (const RunRecord& r : *runs_)
            if (overlaid_.contains(QString::fromStdString(r.id))) ids << QString::fromStdString(r.id);
    return ids;
}

void RunHistoryPanel::setOverlaid(const QString& id, bool overlaid) {
    if (!run(id) || overlaid == overlaid_.contains(id)) return;
    if (overlaid)
        overlaid_.insert(id);
    else
        overlaid_.remove(id);
    if (const int row = rowOf(id); row >= 0) {
        filling_ = true;
        table_->item(row, NameColumn)->setCheckState(overlaid ? Qt::Checked : Qt::Unchecked);
        filling_ = false;
    }
    emit overlayChanged();
}

void RunHistoryPanel::setCurrentRunId(const QString& id) {
    const int row = rowOf(id);
    if (row >= 0)
        table_->setCurrentCell(row, NameColumn);
    else
        table_->setCurrentIndex(QModelIndex());
}

void RunHistoryPanel::setLocked(bool locked) {
    locked_ = locked;
    updateActions();
}

void RunHistoryPanel::updateActions() {
    const RunRecord* r = run(currentId_);
    const bool hasCheckpoint = r && !r->checkpointPath.empty();
    renameAction_->setEnabled(r);
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
    table_->editItem(table_->item(row, NameColumn));
}

void RunHistoryPanel::deleteCurrent() {
    const RunRecord* r = run(currentId_);
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
