#pragma once
#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace nw::ui {

class RunListModel;

// The Train screen's history of runs, newest first: name (renamed in place), status, epochs
// done of planned, final accuracy or loss, and a tick to overlay the run's curves on the
// charts — a view of the workspace's RunListModel, whose name cells edit the model directly.
// Delete, resume and "use settings" are requests for the owner of the runs.
class RunHistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunHistoryPanel(QWidget* parent = nullptr);

    // Not owned; nullptr shows no runs.
    void setRuns(RunListModel* runs);
    QTableView* table() const { return table_; }
    // The view's row of a run (0: the newest), or -1.
    int rowOf(const QString& id) const;

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
    void deleteRequested(QString id);
    void resumeRequested(QString id);
    void useSettingsRequested(QString id);
    void currentRunChanged(QString id);

private:
    QString idAt(int row) const;
    void onCurrentRowChanged();
    void onRowsChanged();
    void updateActions();
    void renameCurrent();
    void deleteCurrent();
    void resumeCurrent();
    void useSettingsOfCurrent();

    RunListModel* runs_ = nullptr;
    QSortFilterProxyModel* newestFirst_ = nullptr;
    QString currentId_;
    bool locked_ = false;
    bool removingCurrent_ = false;
    bool confirmDeletes_ = true;

    QStackedWidget* stack_ = nullptr;
    QLabel* placeholder_ = nullptr;
    QTableView* table_ = nullptr;
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
