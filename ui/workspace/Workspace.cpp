#include "Workspace.h"

#include <QFileInfo>
#include <QUndoStack>

#include "DatasetLoader.h"
#include "common/Error.h"
#include "data/Dataset.h"
#include "io/ProjectFile.h"
#include "serve/ModelServer.h"
#include "train/Presets.h"
#include "train/TrainingChecks.h"

namespace nw::ui {

Workspace::Workspace(const QString& dataDir, QObject* parent) : QObject(parent), dataDir_(dataDir) {
    loadOptions_.dataDir = dataDir_.toStdString();
    config_.validationSplit = 0.1;  // what the Data screen offers until a preset or project says otherwise
    loader_ = new DatasetLoader(this);
    connect(loader_, &DatasetLoader::progress, this, &Workspace::datasetLoadProgress);
    connect(loader_, &DatasetLoader::loaded, this, &Workspace::onDatasetLoaded);
    connect(loader_, &DatasetLoader::failed, this, [this](const QString& message) {
        lastError_ = message;
        pendingPreset_.clear();
        emit datasetLoadFailed(loadingSource_, message);
    });
    connect(loader_, &DatasetLoader::cancelled, this, [this] {
        pendingPreset_.clear();
        emit datasetLoadCancelled(loadingSource_);
    });
    connect(document_.undoStack(), &QUndoStack::cleanChanged, this, [this] { emit modifiedChanged(isModified()); });
    connect(&runs_, &RunListModel::renamed, this, [this] { setRunsChanged(true); });
    connectSession();
}

Workspace::~Workspace() {
    // A load or a run in flight reports to this object: both end before it goes.
    loader_->disconnect(this);
    delete loader_;
    session_.disconnect(this);
    session_.stopAndWait(5000);
    stopServer();
}

void Workspace::loadDataset(const QString& nameOrPath, const QString& preset) { loadDataset(nameOrPath, loadOptions_, preset); }

void Workspace::loadDataset(const QString& nameOrPath, DatasetOptions options, const QString& preset) {
    options.dataDir = dataDir_.toStdString();
    loadOptions_ = options;
    loadingSource_ = nameOrPath;
    pendingPreset_ = preset;
    emit datasetLoadStarted(nameOrPath);
    loader_->start(nameOrPath, std::move(options));
}

bool Workspace::isLoadingDataset() const { return loader_->isLoading(); }

void Workspace::cancelDatasetLoad() { loader_->cancel(); }

void Workspace::setDataset(std::shared_ptr<const Dataset> data, const QString& source) {
    if (!data) return;
    dataset_ = std::move(data);
    datasetSource_ = source;
    document_.setInputShape(dataset_->sampleShape);
    emit datasetChanged();
}

void Workspace::onDatasetLoaded(std::shared_ptr<const Dataset> data) {
    if (!data) return;
    setDataset(std::move(data), loadingSource_);
    if (!pendingPreset_.isEmpty()) {
        const QString preset = pendingPreset_;
        pendingPreset_.clear();
        applyPreset(preset);
        document_.undoStack()->setClean();
    }
    emit ready();
}

bool Workspace::applyPreset(const QString& name) {
    if (!dataset_) {
        lastError_ = tr("Load a dataset first: a preset sizes its input and output from the data.");
        return false;
    }
    try {
        const Preset preset = makePreset(name.toStdString(), *dataset_);
        document_.replaceSpec(preset.spec, tr("Preset %1").arg(name));
        setTrainingConfig(preset.training);
        return true;
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        return false;
    }
}

void Workspace::setTrainingConfig(const TrainingConfig& config) {
    if (config.toJson() == config_.toJson()) return;
    config_ = config;
    emit trainingConfigChanged();
}

QStringList Workspace::trainingProblems() const {
    QStringList list;
    if (!dataset_) list << tr("No data is loaded: choose a dataset on the Data screen.");
    const ModelSummary& summary = document_.summary();
    if (document_.layerCount() == 0) list << tr("The model is empty: put layers or a preset on the Model screen.");
    else if (!summary.valid()) list << tr("The model does not fit the data: %1").arg(QString::fromStdString(summary.firstError()));
    if (dataset_ && document_.layerCount() > 0 && summary.valid())
        for (const auto& p : trainingSetupProblems(config_, summary.layers.back().outputShape, *dataset_))
            list << QString::fromStdString(p);
    return list;
}

bool Workspace::openProject(const QString& path) {
    Project project;
    try {
        project = loadProject(path.toStdString());
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        return false;
    }
    if (isTraining()) {
        lastError_ = tr("Training is running; stop it first.");
        return false;
    }
    document_.replaceSpec(project.modelSpec, tr("Open %1").arg(QFileInfo(path).fileName()));
    setTrainingConfig(project.training);
    runs_.setRecords(std::move(project.runs));
    liveRunId_.clear();
    document_.undoStack()->setClean();
    setRunsChanged(false);
    emit projectOpened(path);
    loadDataset(QString::fromStdString(project.dataset));
    return true;
}

bool Workspace::saveProject(const QString& path) {
    Project project;
    project.dataset = datasetSource_.toStdString();
    project.modelSpec = document_.spec();
    project.training = config_;
    project.runs = runs_.records();
    try {
        nw::saveProject(path.toStdString(), project);
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        return false;
    }
    document_.undoStack()->setClean();
    setRunsChanged(false);
    return true;
}

bool Workspace::isModified() const { return !document_.undoStack()->isClean() || runsChanged_; }

void Workspace::setRunsChanged(bool changed) {
    const bool before = isModified();
    runsChanged_ = changed;
    if (isModified() != before || changed) emit modifiedChanged(isModified());
}

}  // namespace nw::ui
