#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "serve/InferenceService.h"
#include "serve/ServeOptions.h"

namespace nw {

// The bodies of the two REST protocols, apart from HTTP so they can be tested directly.
// Each throws RequestError for a request it refuses. Formats: docs/serving.md.

// TensorFlow Serving REST API.
nlohmann::json tfServingStatus(const InferenceService& service);    // GET /v1/models/NAME
nlohmann::json tfServingMetadata(const InferenceService& service);  // GET /v1/models/NAME/metadata
// POST /v1/models/NAME:predict: {"instances": [...]} → {"predictions": [...]}, or the
// columnar {"inputs": ...} → {"outputs": ...}.
nlohmann::json tfServingPredict(const InferenceService& service, const nlohmann::json& request,
                                const ServeOptions& limits, int& samples);

// Open Inference Protocol (KServe v2) over REST.
nlohmann::json kserveServerMetadata();                               // GET /v2
nlohmann::json kserveModelMetadata(const InferenceService& service);  // GET /v2/models/NAME
// POST /v2/models/NAME/infer.
nlohmann::json kserveInfer(const InferenceService& service, const nlohmann::json& request, const ServeOptions& limits,
                           int& samples);

}  // namespace nw
