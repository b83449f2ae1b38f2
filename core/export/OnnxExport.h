#pragma once
#include <string>

#include "io/ModelFile.h"
#include "nn/Model.h"

namespace nw {

// Turns a trained model into an ONNX model (opset 13) that takes raw inputs, exactly as
// `netwright-cli predict` reads them, under the name "input" with a symbolic batch axis
// "N": the model's input normalization comes first, then every layer in inference mode.
// The graph's "output" is what predictRaw returns (probabilities for classifiers). Class
// names, task, dataset and normalization travel along as metadata_props.
//
// Returns the serialized ModelProto after onnx's checker has accepted it. Throws nw::Error
// naming the layer ("layer 3 (dense): ...") when a layer cannot be expressed in ONNX, and
// when the model is too large for a protobuf message (2 GiB).
std::string onnxModelBytes(Model& model, const ModelMetadata& metadata);

// Writes onnxModelBytes() to `path` atomically; file errors are a FileFormatError naming it.
void exportOnnx(Model& model, const ModelMetadata& metadata, const std::string& path);

}  // namespace nw
