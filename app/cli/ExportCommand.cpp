#include <cstdio>

#include "Commands.h"
#include "common/Error.h"
#include "export/OnnxExport.h"
#include "export/PyTorchExport.h"
#include "io/ModelFile.h"

namespace nw::cli {
namespace {

struct ExportArgs {
    std::string model;
    std::string format;
    std::string output;
};

int runExport(const ExportArgs& a) {
    SavedModel saved = loadModel(a.model);
    if (a.format == "onnx") {
        exportOnnx(*saved.model, saved.metadata, a.output);
        std::printf("Wrote %s (ONNX, opset 13): input 'input' takes raw values, normalisation included\n", a.output.c_str());
    } else {
        const auto files = exportPyTorch(*saved.model, saved.metadata, a.output);
        std::printf("Wrote %s and its weights %s\nRun: python3 %s --help\n", files.script.c_str(), files.weights.c_str(),
                    files.script.c_str());
    }
    return 0;
}

}  // namespace

Action addExportCommand(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* c = app.add_subcommand("export", "Export a model as ONNX, or as PyTorch code with its weights");
    c->add_option("model", args->model, "Model file written by train --save")->required();
    c->add_option("--format", args->format, "onnx or pytorch")->required()->check(CLI::IsMember({"onnx", "pytorch"}));
    c->add_option("--output,-o", args->output, "The .onnx file, or the .py script (its weights go beside it)")->required();
    return [args] { return runExport(*args); };
}

}  // namespace nw::cli
