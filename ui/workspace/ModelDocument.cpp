#include "ModelDocument.h"

#include <functional>

#include "ModelEditCommands.h"
#include "common/Error.h"

namespace nw::ui {
namespace {

// Merge ids for field edits: the same block and field give the same id.
int fieldMergeId(int index, const std::string& field) {
    return static_cast<int>((std::hash<std::string>{}(field) & 0xffff) << 12) + (index & 0xfff);
}

QString layerName(const nlohmann::json& entry) {
    return QString::fromStdString(entry.value("type", std::string("layer")));
}

}  // namespace

nlohmann::json emptySpec(const std::string& name) {
    return {{"format", "netwright-model-spec"}, {"version", 1}, {"name", name}, {"layers", nlohmann::json::array()}};
}

ModelDocument::ModelDocument(QObject* parent) : QObject(parent), spec_(emptySpec()), input_{1, 28, 28} { reinfer(); }

void ModelDocument::applySpec(const nlohmann::json& spec) {
    spec_ = spec;
    reinfer();
}

void ModelDocument::setInputShape(const Shape& input) {
    input_ = input;
    reinfer();
}

void ModelDocument::reinfer() {
    if (spec_["layers"].empty()) {
        summary_ = ModelSummary{input_, {}, 0, 0};
    } else {
        summary_ = summarizeSpec(spec_, input_);
    }
    emit changed();
}

void ModelDocument::insertLayer(int index, const nlohmann::json& entry) {
    if (index < 0 || index > layerCount()) index = layerCount();
    nlohmann::json after = spec_;
    after["layers"].insert(after["layers"].begin() + index, entry);
    undo_.push(new SpecChangeCommand(*this, spec_, after, tr("Add %1").arg(layerName(entry))));
}

void ModelDocument::removeLayer(int index) {
    if (index < 0 || index >= layerCount()) return;
    nlohmann::json after = spec_;
    const QString name = layerName(after["layers"][index]);
    after["layers"].erase(after["layers"].begin() + index);
    undo_.push(new SpecChangeCommand(*this, spec_, after, tr("Remove %1").arg(name)));
}

void ModelDocument::moveLayer(int from, int to) {
    if (from < 0 || from >= layerCount() || to < 0 || to >= layerCount() || from == to) return;
    nlohmann::json after = spec_;
    auto& layers = after["layers"];
    nlohmann::json moved = layers[from];
    layers.erase(layers.begin() + from);
    layers.insert(layers.begin() + to, moved);
    undo_.push(new SpecChangeCommand(*this, spec_, after, tr("Move %1").arg(layerName(moved))));
}

void ModelDocument::duplicateLayer(int index) {
    if (index < 0 || index >= layerCount()) return;
    nlohmann::json after = spec_;
    const nlohmann::json copy = after["layers"][index];
    after["layers"].insert(after["layers"].begin() + index + 1, copy);
    undo_.push(new SpecChangeCommand(*this, spec_, after, tr("Duplicate %1").arg(layerName(copy))));
}

void ModelDocument::setLayerField(int index, const std::string& field, const nlohmann::json& value) {
    if (index < 0 || index >= layerCount()) return;
    if (spec_["layers"][index].value(field, nlohmann::json()) == value) return;
    nlohmann::json after = spec_;
    after["layers"][index][field] = value;
    undo_.push(new SpecChangeCommand(*this, spec_, after,
                                     tr("Set %1 of %2").arg(QString::fromStdString(field), layerName(after["layers"][index])),
                                     fieldMergeId(index, field)));
}

void ModelDocument::replaceSpec(const nlohmann::json& spec, const QString& description) {
    if (!spec.is_object() || !spec.contains("layers") || !spec["layers"].is_array())
        throw ModelError("a model spec needs a \"layers\" array");
    undo_.push(new SpecChangeCommand(*this, spec_, spec, description));
}

}  // namespace nw::ui
