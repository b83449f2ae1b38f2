#pragma once
#include <QElapsedTimer>
#include <QWidget>

#include "TrainingUpdate.h"

class QAction;
class QLabel;
class QProgressBar;
class QTabWidget;

namespace nw::ui {

class HyperparameterForm;
class LayerStatisticsPanel;
class RunHistoryPanel;
class TrainingCharts;
class Workspace;

// The Train screen: hyperparameters, the run controls, progress with ETA, live curves, the
// per-layer numbers of a single step, and the history of runs (compared, renamed, deleted,
// resumed from their checkpoints). The runs, their session and the options are the
// workspace's; this screen shows them and passes on what the user asks for.
class TrainScreen : public QWidget {
    Q_OBJECT
public:
    explicit TrainScreen(Workspace& workspace, QWidget* parent = nullptr);
    ~TrainScreen() override;

    // F5: start a run (or resume a paused one); F10: one batch; Shift+F5: stop.
    QAction* trainAction() const { return trainAction_; }
    QAction* pauseAction() const { return pauseAction_; }
    QAction* stepAction() const { return stepAction_; }
    QAction* stopAction() const { return stopAction_; }

    TrainingCharts* charts() const { return charts_; }
    HyperparameterForm* form() const { return form_; }
    LayerStatisticsPanel* layerStatistics() const { return layerStatistics_; }
    RunHistoryPanel* history() const { return history_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* messageLabel() const { return message_; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    static constexpr int kChartRefreshesPerSecond = 10;
    void refreshChartsSoon();
    void buildActions();
    void updateActions();
    void updateProblems();
    void showMessage(const QString& text, bool error);
    void onRunLaunched(const QString& id, bool resumed);
    void onUpdated(const TrainingUpdate& update);
    void onFinished(const TrainingOutcome& outcome);
    void reattachCharts();

    Workspace& workspace_;
    QString shownRunId_;  // the run whose curves the charts show
    QElapsedTimer chartClock_;
    bool chartRefreshPending_ = false;
    bool chartsStale_ = false;
    bool editingConfig_ = false;  // the form's own edit is going into the workspace

    HyperparameterForm* form_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    LayerStatisticsPanel* layerStatistics_ = nullptr;
    RunHistoryPanel* history_ = nullptr;
    QTabWidget* lowerTabs_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressText_ = nullptr;
    QLabel* message_ = nullptr;
    QAction* trainAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* stepAction_ = nullptr;
    QAction* stopAction_ = nullptr;
};

}  // namespace nw::ui
