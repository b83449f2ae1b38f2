#pragma once
#include <QObject>
#include <QUndoStack>
#include <nlohmann/json.hpp>

#include "nn/Model.h"

namespace nw::ui {

// The model being designed: a spec (its "layers" array is what the canvas shows) and the
// input shape it is checked against. Every edit goes through the undo stack, and after
// every change the whole spec is re-inferred, so each block always knows its output shape,
// parameter count and, when it does not fit, why.
class ModelDocument : public QObject {
    Q_OBJECT
public:
    explicit ModelDocument(QObject* parent = nullptr);

    const nlohmann::json& spec() const { return spec_; }
    const nlohmann::json& layers() const { return spec_["layers"]; }
    int layerCount() const { return static_cast<int>(spec_["layers"].size()); }
    const Shape& inputShape() const { return input_; }
    // Shape inference of the current spec; layer i's entry describes block i.
    const ModelSummary& summary() const { return summary_; }
    QUndoStack* undoStack() { return &undo_; }
    const QUndoStack* undoStack() const { return &undo_; }

    // Edits (each one undoable step).
    void insertLayer(int index, const nlohmann::json& entry);
    void removeLayer(int index);
    void moveLayer(int from, int to);
    void duplicateLayer(int index);
    // Sets one field of a block's entry ("units" -> 64).
    void setLayerField(int index, const std::string& field, const nlohmann::json& value);
    // Replaces the whole spec (a preset or an opened file), undoable as one step.
    void replaceSpec(const nlohmann::json& spec, const QString& description);

    // Not an edit: the data changed, so the same spec is checked against a new input.
    void setInputShape(const Shape& input);

    // Used by the undo commands only: sets the spec without recording a step.
    void applySpec(const nlohmann::json& spec);

signals:
    // The spec or the input changed; summary() is already up to date.
    void changed();

private:
    void reinfer();

    nlohmann::json spec_;
    Shape input_;
    ModelSummary summary_;
    QUndoStack undo_;
};

// An empty spec ({"format": ..., "layers": []}).
nlohmann::json emptySpec(const std::string& name = "untitled");

}  // namespace nw::ui
