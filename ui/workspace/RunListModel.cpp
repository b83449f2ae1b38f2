#include "RunListModel.h"

#include <QColor>
#include <QFont>

#include "train/Metrics.h"

namespace nw::ui {

namespace {

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
QString shownName(const RunRecord& r) { return QString::fromStdString(r.name.empty() ? r.id : r.name); }
int epochsDone(const RunRecord& r) { return r.epochs.empty() ? 0 : r.epochs.back().epoch; }

QString metricsDetail(const Metrics& m) {
    QString text = RunListModel::tr("loss %1").arg(lossText(m.loss));
    if (m.accuracy) text = RunListModel::tr("accuracy %1, %2").arg(percent(*m.accuracy), text);
    return text;
}

// The run's latest result, validation first: "val 97.8%", "train 91.0%", "val loss 0.012".
std::pair<QString, QString> resultOf(const RunRecord& r) {
    if (r.epochs.empty()) {
        if (r.batches.empty()) return {QStringLiteral("—"), RunListModel::tr("No results yet")};
        return {RunListModel::tr("loss %1").arg(lossText(r.batches.back().loss)),
                RunListModel::tr("Loss of the last batch (step %1); no epoch finished yet").arg(r.batches.back().step)};
    }
    const EpochReport& e = r.epochs.back();
    const bool validation = e.validation.samples > 0;
    const Metrics& m = validation ? e.validation : e.train;
    QString text;
    if (m.accuracy)
        text = (validation ? RunListModel::tr("val %1") : RunListModel::tr("train %1")).arg(percent(*m.accuracy));
    else
        text = (validation ? RunListModel::tr("val loss %1") : RunListModel::tr("loss %1")).arg(lossText(m.loss));
    QString tip = RunListModel::tr("After epoch %1\ntraining: %2").arg(e.epoch).arg(metricsDetail(e.train));
    tip += validation ? RunListModel::tr("\nvalidation: %1").arg(metricsDetail(e.validation))
                      : RunListModel::tr("\nno validation split");
    return {text, tip};
}

QString nameToolTip(const RunRecord& r) {
    QString tip = shownName(r);
    if (!r.startedAt.empty()) tip += RunListModel::tr("\nstarted %1").arg(QString::fromStdString(r.startedAt));
    if (!r.dataset.empty()) tip += RunListModel::tr("\ndata: %1").arg(QString::fromStdString(r.dataset));
    tip += RunListModel::tr("\n%1, learning rate %2, batch %3")
               .arg(QString::fromStdString(r.config.optimizer.kind))
               .arg(r.config.schedule.baseRate)
               .arg(r.config.batchSize == 0 ? RunListModel::tr("whole set") : QString::number(r.config.batchSize));
    return tip;
}

}  // namespace

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(runs_.size()); }

int RunListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const RunRecord& r = *runs_[static_cast<std::size_t>(index.row())];
    if (role == RunIdRole) return QString::fromStdString(r.id);
    if (role == StartOrderRole) return index.row();
    switch (index.column()) {
        case NameColumn:
            if (role == Qt::DisplayRole || role == Qt::EditRole) return shownName(r);
            if (role == Qt::CheckStateRole) return overlaid_.contains(QString::fromStdString(r.id)) ? Qt::Checked : Qt::Unchecked;
            if (role == Qt::ToolTipRole) return nameToolTip(r);
            break;
        case StatusColumn: {
            const QString status = QString::fromStdString(runStatusName(r.status));
            if (role == Qt::DisplayRole) return status;
            if (role == Qt::ForegroundRole) return statusColour(r.status);
            if (role == Qt::ToolTipRole) return r.message.empty() ? status : QString::fromStdString(r.message);
            if (role == Qt::FontRole && r.status == RunRecord::Status::Running) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            break;
        }
        case EpochsColumn:
            if (role == Qt::DisplayRole) return QStringLiteral("%1/%2").arg(epochsDone(r)).arg(r.config.epochs);
            if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            if (role == Qt::ToolTipRole) return tr("%1 of %2 epochs").arg(epochsDone(r)).arg(r.config.epochs);
            break;
        case ResultColumn:
            if (role == Qt::DisplayRole) return resultOf(r).first;
            if (role == Qt::ToolTipRole) return resultOf(r).second;
            break;
        default: break;
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        const QString headers[] = {tr("Run"), tr("Status"), tr("Epochs"), tr("Result")};
        return headers[section];
    }
    if (role == Qt::ToolTipRole) {
        const QString tips[] = {tr("Tick a run to overlay its curves on the charts; double-click its name to rename it"),
                                tr("How the run ended (or that it is still training)"), tr("Epochs done / epochs planned"),
                                tr("Latest validation accuracy (loss for regression); training's when there is no "
                                   "validation split")};
        return tips[section];
    }
    if (role == Qt::TextAlignmentRole) return QVariant((section == EpochsColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn) f |= Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
    return f;
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != NameColumn) return false;
    const QString id = idAt(index.row());
    if (role == Qt::CheckStateRole) {
        setOverlaid(id, value.toInt() == Qt::Checked);
        return true;
    }
    if (role == Qt::EditRole) {
        const bool renamedNow = rename(id, value.toString());
        if (renamedNow) emit renamed(id);
        return renamedNow;
    }
    return false;
}

std::shared_ptr<const RunRecord> RunListModel::find(const QString& id) const {
    const int row = rowOf(id);
    return row < 0 ? nullptr : runs_[static_cast<std::size_t>(row)];
}

int RunListModel::rowOf(const QString& id) const {
    if (id.isEmpty()) return -1;
    const std::string key = id.toStdString();
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i]->id == key) return static_cast<int>(i);
    return -1;
}

QString RunListModel::idAt(int row) const {
    return row >= 0 && row < rowCount() ? QString::fromStdString(runs_[static_cast<std::size_t>(row)]->id) : QString();
}

std::vector<RunRecord> RunListModel::records() const {
    std::vector<RunRecord> copies;
    copies.reserve(runs_.size());
    for (const auto& r : runs_) copies.push_back(*r);
    return copies;
}

void RunListModel::setRecords(std::vector<RunRecord> records) {
    beginResetModel();
    runs_.clear();
    for (auto& r : records) runs_.push_back(std::make_shared<RunRecord>(std::move(r)));
    const bool hadOverlays = !overlaid_.isEmpty();
    overlaid_.clear();
    endResetModel();
    if (hadOverlays) emit overlayChanged();
}

void RunListModel::put(RunRecord record) {
    const int row = rowOf(QString::fromStdString(record.id));
    if (row >= 0) {
        // In place: a chart drawing this run keeps drawing it.
        *runs_[static_cast<std::size_t>(row)] = std::move(record);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int end = rowCount();
    beginInsertRows({}, end, end);
    runs_.push_back(std::make_shared<RunRecord>(std::move(record)));
    endInsertRows();
}

bool RunListModel::remove(const QString& id) {
    const int row = rowOf(id);
    if (row < 0) return false;
    beginRemoveRows({}, row, row);
    runs_.erase(runs_.begin() + row);
    endRemoveRows();
    if (overlaid_.remove(id)) emit overlayChanged();
    return true;
}

bool RunListModel::update(const QString& id, const std::function<void(RunRecord&)>& edit) {
    const int row = rowOf(id);
    if (row < 0) return false;
    edit(*runs_[static_cast<std::size_t>(row)]);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

bool RunListModel::rename(const QString& id, const QString& name) {
    const QString trimmed = name.trimmed();
    const int row = rowOf(id);
    if (row < 0 || trimmed.isEmpty()) return false;
    RunRecord& r = *runs_[static_cast<std::size_t>(row)];
    if (shownName(r) == trimmed) return false;
    r.name = trimmed.toStdString();
    emit dataChanged(index(row, NameColumn), index(row, NameColumn));
    return true;
}

QStringList RunListModel::overlaidIds() const {
    QStringList ids;
    for (const auto& r : runs_)
        if (const QString id = QString::fromStdString(r->id); overlaid_.contains(id)) ids << id;
    return ids;
}

void RunListModel::setOverlaid(const QString& id, bool overlaid) {
    const int row = rowOf(id);
    if (row < 0 || overlaid == overlaid_.contains(id)) return;
    if (overlaid) overlaid_.insert(id);
    else overlaid_.remove(id);
    emit dataChanged(index(row, NameColumn), index(row, NameColumn), {Qt::CheckStateRole});
    emit overlayChanged();
}

}  // namespace nw::ui
