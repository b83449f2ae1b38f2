#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace nw::cli {

// Each command registers its sub-app and returns the action to run when it was chosen.
// Actions return the process exit code; they throw nw::Error for failures.
using Action = std::function<int()>;

Action addTrainCommand(CLI::App& app);
Action addEvaluateCommand(CLI::App& app);
Action addPredictCommand(CLI::App& app);
Action addSummaryCommand(CLI::App& app);
Action addDatasetsCommand(CLI::App& app);
Action addExportCommand(CLI::App& app);
Action addServeCommand(CLI::App& app);

}  // namespace nw::cli
