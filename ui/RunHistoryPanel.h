#pragma once
#include <QSet>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "train/RunRecord.h"

class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace nw::ui {

// The Train screen's history of runs, newest first: name (renamed in place), status, epochs
// done of planned, final accuracy or loss, and a tick to overlay the run's curves on the
// charts. Rename, delete, resume and "use settings" are requests: the owner of the runs
// applies them and calls refresh().
class RunHistoryPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, EpochsColumn, ResultColumn, ColumnCount };

    explicit RunHistoryPanel(QWidget* parent = nullptr);

    // Not owned; the panel reads it on refresh(), which this calls. nullptr shows no runs.
    void setRuns(const std::vector<nw::RunRecord>* runs);
    // Re-reads names, status and metrics; selection and ticks follow the run ids.
    void refresh();

    // Ticked runs, oldest first.
    QStringList overlaidRunIds() const;
    void setOverlaid(const QString& id, bool overlaid);
    QString currentRunId() const { return currentId_; }
    void setCurrentRunId(const QString& id);

    // While a run trains: no delete, resume or use-settings (renaming stays allowed).
    void setLocked(bool locked);
    bool isLocked() const { return locked_; }
    // Whether Delete asks first (tests turn it off).
    void setConfirmDeletes(bool confirm) { confirmDeletes_ = confirm; }

signals:
    void renameRequested(QString id, QString newName);
    void deleteRequested(QString id);
    void resumeRequested(QString id);
    void useSettingsRequested(QString id);
    void overlayChanged();
    void currentRunChanged(QString id);

private:
    const nw::RunRecord* run(const QString& id) const;
    QString idAt(int row) const;
    int rowOf(const QString& id) const;
    void fillRow(int row, const nw::RunRecord& record);
    void onItemChanged(int row, int column);
    void onCurrentRowChanged();
    void updateActions();
    void renameCurrent();
    void deleteCurrent();
    void resumeCurrent();
    void useSettingsOfCurrent();

    const std::vector<nw::RunRecord>* runs_ = nullptr;
    QSet<QString> overlaid_;
    QString currentId_;
    bool filling_ = false;
    bool locked_ = false;
    bool confirmDeletes_ = true;

    QStackedWidget* stack_ = nullptr;
    QLabel* placeholder_ = nullptr;
    QTableWidget* table_ = nullptr;
    QAction* renameAction_ = nullptr;
    QAction* deleteAction_ = nullptr;
    QAction* resumeAction_ = nullptr;
    QAction* useSettingsAction_ = nullptr;
    QPushButton* renameButton_ = nullptr;
    QPushButton* deleteButton_ = nullptr;
    QPushButton* resumeButton_ = nullptr;
    QPushButton* useSettingsButton_ = nullptr;
};

}  // namespace nw::ui
