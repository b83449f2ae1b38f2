#include "DeployedModel.h"

#include <QFileInfo>

namespace nw::ui {

std::optional<double> DeployedModel::validationAccuracy() const {
    if (metadata.history.empty()) return std::nullopt;
    const Metrics& last = metadata.history.back().validation;
    return last.samples > 0 ? last.accuracy : std::nullopt;
}

SavedModel savedCopy(const DeployedModel& deployed) { return {copyModel(*deployed.model), deployed.metadata}; }

DeployedModel openDeployedModel(const QString& path) {
    SavedModel saved = loadModel(path.toStdString());
    saved.model->setOutputActivationFusedIntoLoss(false);
    DeployedModel deployed;
    deployed.model = std::move(saved.model);
    deployed.metadata = std::move(saved.metadata);
    deployed.origin = QFileInfo(path).fileName();
    deployed.filePath = path;
    return deployed;
}

DeployedModel copyTrainedModel(const std::shared_ptr<Model>& trained, ModelMetadata metadata, const QString& origin) {
    DeployedModel deployed;
    deployed.model = copyModel(*trained);
    deployed.metadata = std::move(metadata);
    deployed.origin = origin;
    deployed.trainedSource = trained;
    return deployed;
}

}  // namespace nw::ui
