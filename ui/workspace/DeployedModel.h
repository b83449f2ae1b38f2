#pragma once
#include <QString>
#include <memory>
#include <optional>

#include "io/ModelFile.h"

namespace nw::ui {

// The model the Deploy screen saves, exports and serves. It holds a copy of the weights of
// its own: the Train screen replaces its model with every run, and a running server or a
// later export must not change with it.
struct DeployedModel {
    std::shared_ptr<Model> model;
    ModelMetadata metadata;
    // Where it came from, for people: "run 2, trained in this window" or a file name.
    QString origin;
    // The file it was opened from; empty for a model trained in this window.
    QString filePath;
    // The Train screen's model it copies (a newer run replaces that one); empty for a file.
    std::weak_ptr<const Model> trainedSource;
    // Accuracy on the data's test split, once measured (classifiers whose data is loaded).
    std::optional<double> testAccuracy;

    bool isTrainedHere() const { return filePath.isEmpty(); }
    // Accuracy on the validation split at the last epoch, when the run had one.
    std::optional<double> validationAccuracy() const;
};

// A model file's content with weights of its own, for a server to own.
SavedModel savedCopy(const DeployedModel& deployed);
// Throws FileFormatError as loadModel does.
DeployedModel openDeployedModel(const QString& path);
DeployedModel copyTrainedModel(const std::shared_ptr<Model>& trained, ModelMetadata metadata, const QString& origin);

}  // namespace nw::ui
