#pragma once
#include <string>

#include "io/ModelFile.h"
#include "nn/Model.h"

namespace nw {

// The two files a PyTorch export writes.
struct PyTorchExportFiles {
    std::string script;   // the Python program
    std::string weights;  // its weights, beside it: same stem, .safetensors
};

// Writes a self-contained PyTorch program for a trained model, for the user whose training
// outgrows one machine: an nn.Module that computes what the model computes, the input
// normalization, a loader for the weights, and a training loop with the run's
// hyperparameters that also runs distributed under torchrun. The weights go beside the
// script in the safetensors layout (names and layouts of the module's state_dict), which the
// script reads with json and torch alone. Both files are written atomically. Throws nw::Error
// naming the layer that has no PyTorch equivalent, or the file that cannot be written.
PyTorchExportFiles exportPyTorch(Model& model, const ModelMetadata& metadata, const std::string& scriptPath);

}  // namespace nw
