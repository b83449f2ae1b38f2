#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/Layer.h"

namespace nw {

// Builds a layer from its spec entry, e.g. {"type":"dense","units":128,"activation":"relu"}.
// Throws ModelError saying which field is wrong and what was expected.
std::unique_ptr<Layer> makeLayer(const nlohmann::json& entry);

// Every "type" word makeLayer understands, for help texts and the designer's palette.
const std::vector<std::string>& layerTypes();

}  // namespace nw
