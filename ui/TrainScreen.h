#pragma once
#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "TrainingSession.h"
#include "io/ModelFile.h"
#include "train/RunRecord.h"
#include "train/TrainingConfig.h"

class QAction;
class QLabel;
class QProgressBar;
class QTabWidget;

namespace nw {
struct Dataset;
}

namespace nw::ui {

class HyperparameterForm;
class LayerStatisticsPanel;
class ModelDocument;
class RunHistoryPanel;
class TrainingCharts;

// The Train screen: hyperparameters, the run controls, progress with ETA, live curves, the
// per-layer numbers of a single step, and the history of runs (compared, renamed, deleted,
// resumed from their checkpoints).
class TrainScreen : public QWidget {
    Q_OBJECT
public:
    TrainScreen(ModelDocument& document, QWidget* parent = nullptr);
    ~TrainScreen() override;

    void setDataset(std::shared_ptr<const Dataset> data);
    // The data screen's split, normalisation and augmentation are part of every run.
    void setDataOptions(double validationSplit, const QString& normalization, const QString& augmentation);

    // The hyperparameters as the form holds them (with the data options applied).
    TrainingConfig config() const;
    void setConfig(const TrainingConfig& config);

    // F5: start a run (or resume a paused one); F10: one batch; Shift+F5: stop.
    QAction* trainAction() const { return trainAction_; }
    QAction* pauseAction() const { return pauseAction_; }
    QAction* stepAction() const { return stepAction_; }
    QAction* stopAction() const { return stopAction_; }

    // Starts a new run of the current model, data and settings; false (with the reason in
    // lastError()) when it cannot start.
    bool startRun(bool paused = false);
    // Continues a run of the history from its last checkpoint.
    bool resumeRun(const QString& id);
    // Adds the run stored in a checkpoint file to the history (after a crash, say), ready
    // to resume. False with lastError() when the file is not a checkpoint.
    bool importCheckpoint(const QString& path);

    TrainingSession& session() { return session_; }
    bool isTraining() const { return session_.isActive(); }
    // Ends a run and joins its thread (closing the window).
    bool stopAndWait(int milliseconds) { return session_.stopAndWait(milliseconds); }

    const std::vector<RunRecord>& runs() const { return runs_; }
    void setRuns(std::vector<RunRecord> runs);
    // The network of the last finished run, with what it needs to predict.
    std::shared_ptr<Model> trainedModel() const { return trainedModel_; }
    const Normalization& trainedNormalization() const { return trainedNormalization_; }
    const RunRecord* trainedRun() const;
    // What a model file of trainedModel() records: the data it learned from, its
    // normalisation, the run's settings and curves. Empty without a trained model or data.
    std::optional<ModelMetadata> trainedMetadata() const;
    QString lastError() const { return lastError_; }
    // Why the current settings cannot train, one reason per entry (empty when they can).
    QStringList problems() const;

    TrainingCharts* charts() const { return charts_; }
    HyperparameterForm* form() const { return form_; }
    LayerStatisticsPanel* layerStatistics() const { return layerStatistics_; }
    RunHistoryPanel* history() const { return history_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* messageLabel() const { return message_; }

signals:
    // A run started, paused, resumed or ended: the window locks or unlocks editing.
    void trainingActiveChanged(bool active);
    void runsChanged();
    // The form changed a setting that the data screen also shows.
    void configEdited();

protected:
    void showEvent(QShowEvent* event) override;

private:
    static constexpr int kChartRefreshesPerSecond = 10;
    void refreshChartsSoon();
    void buildActions();
    void updateActions();
    void updateProblems();
    void showMessage(const QString& text, bool error);
    bool launch(RunRecord record, const QString& resumeFrom, bool paused);
    RunRecord* findRun(const QString& id);
    const RunRecord* findRun(const QString& id) const;
    RunRecord* liveRun();
    void onUpdated(const TrainingUpdate& update);
    void onEpochEnded(const EpochReport& report, const QString& checkpoint, const QString& error);
    void onFinished(const TrainingOutcome& outcome);
    void reattachCharts();
    QString checkpointPathFor(const QString& id) const;

    ModelDocument& document_;
    std::shared_ptr<const Dataset> data_;
    double validationSplit_ = 0.1;
    QString normalization_ = "default";
    QString augmentation_;
    TrainingSession session_;
    std::vector<RunRecord> runs_;
    QString liveRunId_;   // the run the worker is training
    QString shownRunId_;  // the run whose curves the charts show
    std::shared_ptr<Model> trainedModel_;
    Normalization trainedNormalization_;
    QString trainedRunId_;
    QString lastError_;
    QElapsedTimer chartClock_;
    bool chartRefreshPending_ = false;
    bool chartsStale_ = false;

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
