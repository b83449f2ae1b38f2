#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

class QFormLayout;
class QObject;
class QWidget;

namespace nw::ui {

// The property editor's form for one layer entry: adds a row per setting of its type to layout
// (widgets parented to form). Every edit calls setField(field, value), with context as the
// connections' receiver; a change of a field others depend on (the activation: alpha) then also
// calls dependentFieldChanged, so the form can be rebuilt.
void addLayerFields(QFormLayout* layout, QWidget* form, const nlohmann::json& entry, QObject* context,
                    const std::function<void(const std::string&, const nlohmann::json&)>& setField,
                    const std::function<void()>& dependentFieldChanged);

}  // namespace nw::ui
