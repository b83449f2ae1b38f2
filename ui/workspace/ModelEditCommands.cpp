#include "ModelEditCommands.h"

#include "ModelDocument.h"

namespace nw::ui {

SpecChangeCommand::SpecChangeCommand(ModelDocument& document, nlohmann::json before, nlohmann::json after,
                                     const QString& text, int mergeId)
    : QUndoCommand(text), document_(document), before_(std::move(before)), after_(std::move(after)), mergeId_(mergeId) {}

void SpecChangeCommand::undo() { document_.applySpec(before_); }

void SpecChangeCommand::redo() { document_.applySpec(after_); }

bool SpecChangeCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const SpecChangeCommand*>(other);
    if (!next || next->mergeId_ != mergeId_ || mergeId_ < 0) return false;
    after_ = next->after_;
    setText(next->text());
    return true;
}

}  // namespace nw::ui
