#pragma once
#include <QAbstractTableModel>
#include <QSet>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

#include "train/RunRecord.h"

namespace nw::ui {

// The workspace's runs, oldest first, as a table: name (editable, with a tick that overlays
// the run's curves on the charts), status, epochs done of planned, and the latest result.
// Each record lives behind a shared pointer of its own, so a chart or panel that holds one
// keeps a valid record while runs are added and deleted; a run is known by its id.
// Records change on the GUI thread only, through update(), which tells the views.
class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, EpochsColumn, ResultColumn, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, StartOrderRole };

    explicit RunListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Edit: renames (an empty name is refused); CheckState: overlays the curves.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    std::size_t size() const { return runs_.size(); }
    bool empty() const { return runs_.empty(); }
    // nullptr when there is no such run.
    std::shared_ptr<const RunRecord> find(const QString& id) const;
    std::shared_ptr<const RunRecord> at(std::size_t row) const { return runs_.at(row); }
    std::shared_ptr<const RunRecord> latest() const { return runs_.empty() ? nullptr : runs_.back(); }
    int rowOf(const QString& id) const;
    QString idAt(int row) const;
    // Copies of every record, oldest first (what a project file keeps).
    std::vector<RunRecord> records() const;

    // Replaces every run (a project was opened); the overlay ticks are cleared.
    void setRecords(std::vector<RunRecord> records);
    // Adds a run at the end, or replaces the run with the same id in place.
    void put(RunRecord record);
    bool remove(const QString& id);
    // Changes one record in place and tells the views; false when there is no such run.
    bool update(const QString& id, const std::function<void(RunRecord&)>& edit);
    bool rename(const QString& id, const QString& name);

    // The ticked runs, oldest first.
    QStringList overlaidIds() const;
    bool isOverlaid(const QString& id) const { return overlaid_.contains(id); }
    void setOverlaid(const QString& id, bool overlaid);

signals:
    void overlayChanged();
    // A run's name was changed by an edit in a view.
    void renamed(const QString& id);

private:
    std::vector<std::shared_ptr<RunRecord>> runs_;
    QSet<QString> overlaid_;
};

}  // namespace nw::ui
