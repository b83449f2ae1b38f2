#pragma once
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

#include "DeployedModel.h"
#include "ModelDocument.h"
#include "RunListModel.h"
#include "TrainingSession.h"
#include "data/DatasetCatalog.h"
#include "data/Normalization.h"
#include "io/ModelFile.h"
#include "serve/ServeOptions.h"
#include "train/TrainingConfig.h"

namespace nw {
struct Dataset;
class Model;
class ModelServer;
}  // namespace nw

namespace nw::ui {

class DatasetLoader;

// The application's state, one copy of each: the dataset and where it came from, the model
// document, the training options (hyperparameters with the data's split, normalisation and
// augmentation), the runs and the session that trains them, the trained model, the model
// on the Deploy screen and the local server. Screens read and change it and follow its
// signals; none of them owns state that another needs. QtCore and QtGui only: it lives and is
// tested without a window. Everything here is used from the GUI thread.
class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(const QString& dataDir, QObject* parent = nullptr);
    ~Workspace() override;

    // Why the last failed call failed, for people (a dialog, a label, a test).
    const QString& lastError() const { return lastError_; }

    // ---- Data (Workspace.cpp)
    const QString& dataDir() const { return dataDir_; }
    // Loads a built-in name, generator or path off the GUI thread; with a preset, that preset
    // (sized to the data) replaces the model once the data is there, and ready() follows.
    // Without options, those of the last load are used again.
    void loadDataset(const QString& nameOrPath, const QString& preset = {});
    void loadDataset(const QString& nameOrPath, DatasetOptions options, const QString& preset = {});
    bool isLoadingDataset() const;
    // Takes data made elsewhere (a test's, a generator's) as if it had been loaded from source.
    void setDataset(std::shared_ptr<const Dataset> data, const QString& source);
    void cancelDatasetLoad();
    std::shared_ptr<const Dataset> dataset() const { return dataset_; }
    // The name or path the dataset was loaded from (what a project file records).
    const QString& datasetSource() const { return datasetSource_; }

    // ---- Model
    ModelDocument& document() { return document_; }
    const ModelDocument& document() const { return document_; }
    // Puts a preset sized to the current data on the canvas (one undoable step) and takes its
    // training options.
    bool applyPreset(const QString& name);

    // ---- Training options, shared by the Data and Train screens
    const TrainingConfig& trainingConfig() const { return config_; }
    void setTrainingConfig(const TrainingConfig& config);
    // Why the current data, model and options cannot train, one reason per entry.
    QStringList trainingProblems() const;

    // ---- Project files (Workspace.cpp)
    bool openProject(const QString& path);
    bool saveProject(const QString& path);
    // The model was edited or runs changed since the last open or save.
    bool isModified() const;

    // ---- Runs (WorkspaceRuns.cpp)
    RunListModel& runs() { return runs_; }
    const RunListModel& runs() const { return runs_; }
    TrainingSession& session() { return session_; }
    bool isTraining() const { return session_.isActive(); }
    // Starts a new run of the current model, data and options; false (why in lastError() and
    // in trainingMessage) when it cannot start.
    bool startRun(bool paused = false);
    // Continues a run from its last checkpoint (a finished one up to the epochs now set).
    bool resumeRun(const QString& id);
    // Adds the run stored in a checkpoint file (after a crash, say), ready to resume.
    bool importCheckpoint(const QString& path);
    bool renameRun(const QString& id, const QString& name);
    // Deletes a run (not the one training) and its checkpoint if this program wrote it.
    bool deleteRun(const QString& id);
    // Takes a run's options into the training options.
    void useRunSettings(const QString& id);
    // Ends a run and joins its thread (the window closes).
    bool stopAndWait(int milliseconds) { return session_.stopAndWait(milliseconds); }
    // The run being trained (empty when none), and the run most recently started.
    const QString& liveRunId() const { return liveRunId_; }

    // The network of the last finished run, with what it needs to predict.
    std::shared_ptr<Model> trainedModel() const { return trainedModel_; }
    const Normalization& trainedNormalization() const { return trainedNormalization_; }
    std::shared_ptr<const RunRecord> trainedRun() const { return runs_.find(trainedRunId_); }
    // What a model file of trainedModel() records; empty without a trained model or data.
    std::optional<ModelMetadata> trainedMetadata() const;
    // Saves trainedModel() as a model file.
    bool saveTrainedModel(const QString& path);

    // ---- Deployment (WorkspaceDeploy.cpp)
    // The model the Deploy screen saves, exports and serves: a copy of a trained model's
    // weights, or a model file. It follows training (each finished run replaces it) until a
    // file is opened.
    const DeployedModel* deployedModel() const { return deployed_.get(); }
    bool deployTrainedModel();
    bool openModelFile(const QString& path);
    bool saveDeployedModel(const QString& path);
    void setDeployedTestAccuracy(std::optional<double> accuracy);
    // The local REST/gRPC server, serving a copy of the deployed model taken at start.
    const ModelServer* server() const { return server_.get(); }
    bool isServing() const { return server_ != nullptr; }
    bool startServer(const ServeOptions& options);
    void stopServer();
    // What the running server serves: whether it is the deployed model now, where it came
    // from, and since when.
    bool servesDeployedModel() const;
    const QString& servedOrigin() const { return servedOrigin_; }
    const QDateTime& servingSince() const { return servingSince_; }

signals:
    void datasetLoadStarted(const QString& source);
    void datasetLoadProgress(double fraction);
    void datasetLoadFailed(const QString& source, const QString& message);
    void datasetLoadCancelled(const QString& source);
    void datasetChanged();
    // The data is loaded and any preset asked for with it is on the canvas.
    void ready();
    void trainingConfigChanged();
    void modifiedChanged(bool modified);
    void projectOpened(const QString& path);

    // A run started, paused, resumed or ended: editing the data and the model is locked.
    void trainingActiveChanged(bool active);
    // A run was launched (new or resumed); its record is in runs().
    void runLaunched(const QString& id, bool resumed);
    // The live run's record grew; the update is what it grew by.
    void runUpdated(const nw::ui::TrainingUpdate& update);
    void runEpochEnded(const nw::EpochReport& report);
    // The live run ended; its record says how.
    void runFinished(const nw::ui::TrainingOutcome& outcome);
    // Something about runs a person should read (error: something went wrong).
    void trainingMessage(const QString& text, bool error);
    void trainedModelChanged();

    void deployedModelChanged();
    void serverChanged(bool running);

private:
    void connectSession();
    void onDatasetLoaded(std::shared_ptr<const Dataset> data);
    void onUpdated(const TrainingUpdate& update);
    void onEpochEnded(const EpochReport& report, const QString& checkpoint, const QString& error);
    void onFinished(const TrainingOutcome& outcome);
    bool launch(RunRecord record, const QString& resumeFrom, bool paused);
    bool refuse(const QString& reason);
    QString checkpointPathFor(const QString& id) const;
    void setRunsChanged(bool changed);
    void followTraining();

    QString dataDir_;
    DatasetLoader* loader_ = nullptr;
    DatasetOptions loadOptions_;
    QString loadingSource_;
    QString pendingPreset_;
    std::shared_ptr<const Dataset> dataset_;
    QString datasetSource_;

    ModelDocument document_;
    TrainingConfig config_;
    bool runsChanged_ = false;  // runs added, renamed or deleted since the last open or save

    RunListModel runs_;
    TrainingSession session_;
    QString liveRunId_;
    std::shared_ptr<Model> trainedModel_;
    Normalization trainedNormalization_;
    QString trainedRunId_;

    std::unique_ptr<DeployedModel> deployed_;
    std::unique_ptr<ModelServer> server_;
    std::weak_ptr<const Model> served_;
    QString servedOrigin_;
    QDateTime servingSince_;

    QString lastError_;
};

}  // namespace nw::ui
