// The Workspace's deployment: the model the Deploy screen hands on and the local server.
#include <QFileInfo>
#include <QThread>
#include <algorithm>

#include "Workspace.h"
#include "common/Error.h"
#include "serve/InferenceService.h"
#include "serve/ModelServer.h"

namespace nw::ui {

namespace {

// Each copy of the network answers one request at a time; a few serve a workstation's clients.
constexpr int kMaxModelCopies = 4;

}  // namespace

// A finished run's model replaces the deployed one, unless the user opened a model file.
void Workspace::followTraining() {
    const bool followsTraining = !deployed_ || deployed_->isTrainedHere();
    const bool newer = trainedModel_ && (!deployed_ || deployed_->trainedSource.lock() != trainedModel_);
    if (followsTraining && newer) deployTrainedModel();
}

bool Workspace::deployTrainedModel() {
    const auto metadata = trainedMetadata();
    if (!trainedModel_ || !metadata) {
        lastError_ = tr("No trained model yet: train one on the Train screen (F5), or open a model file.");
        return false;
    }
    const auto run = trainedRun();
    const QString origin = run ? tr("%1, trained in this window").arg(QString::fromStdString(run->name)) : tr("trained in this window");
    deployed_ = std::make_unique<DeployedModel>(copyTrainedModel(trainedModel_, *metadata, origin));
    emit deployedModelChanged();
    return true;
}

bool Workspace::openModelFile(const QString& path) {
    try {
        deployed_ = std::make_unique<DeployedModel>(openDeployedModel(path));
    } catch (const std::exception& e) {
        lastError_ = tr("Cannot open the model file: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    emit deployedModelChanged();
    return true;
}

bool Workspace::saveDeployedModel(const QString& path) {
    if (!deployed_) return false;
    try {
        saveModel(path.toStdString(), *deployed_->model, deployed_->metadata);
    } catch (const std::exception& e) {
        lastError_ = tr("Cannot save the model: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void Workspace::setDeployedTestAccuracy(std::optional<double> accuracy) {
    if (!deployed_) return;
    deployed_->testAccuracy = accuracy;
    emit deployedModelChanged();
}

bool Workspace::startServer(const ServeOptions& options) {
    if (server_) return true;
    if (!deployed_) {
        lastError_ = tr("Train a model or open a model file to serve it.");
        return false;
    }
    try {
        const int copies = std::clamp(QThread::idealThreadCount(), 1, kMaxModelCopies);
        auto service = std::make_shared<const InferenceService>(savedCopy(*deployed_), options.name, copies);
        auto server = std::make_unique<ModelServer>(std::move(service), options);
        server->start();
        server_ = std::move(server);
    } catch (const std::exception& e) {
        lastError_ = QString::fromStdString(e.what()).remove(QStringLiteral("serve: "));
        return false;
    }
    served_ = deployed_->model;
    servedOrigin_ = deployed_->origin;
    servingSince_ = QDateTime::currentDateTime();
    emit serverChanged(true);
    return true;
}

void Workspace::stopServer() {
    if (!server_) return;
    server_->stop();
    server_.reset();
    served_.reset();
    emit serverChanged(false);
}

bool Workspace::servesDeployedModel() const { return server_ && deployed_ && served_.lock() == deployed_->model; }

}  // namespace nw::ui
