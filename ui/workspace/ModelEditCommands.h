#pragma once
#include <QUndoCommand>
#include <nlohmann/json.hpp>

namespace nw::ui {

class ModelDocument;

// One edit of a ModelDocument, stored as the spec before and after: specs are small, and
// restoring a whole snapshot makes undo exact by construction.
class SpecChangeCommand : public QUndoCommand {
public:
    SpecChangeCommand(ModelDocument& document, nlohmann::json before, nlohmann::json after, const QString& text,
                      int mergeId = -1);
    void undo() override;
    void redo() override;
    int id() const override { return mergeId_; }
    // Consecutive changes of the same field of the same block (typing 1, 12, 128) merge
    // into one step.
    bool mergeWith(const QUndoCommand* other) override;

private:
    ModelDocument& document_;
    nlohmann::json before_, after_;
    int mergeId_;
};

}  // namespace nw::ui
