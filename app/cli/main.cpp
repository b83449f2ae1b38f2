// netwright-cli: train, evaluate, inspect and use models without a window.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <map>

#include "Commands.h"
#include "common/Error.h"

int main(int argc, char** argv) {
    CLI::App app{"Netwright command line: train, evaluate and use neural networks on your data."};
    app.name("netwright-cli");
    app.set_version_flag("--version", "netwright-cli " NETWRIGHT_VERSION);
    app.require_subcommand(1);
    std::map<const CLI::App*, nw::cli::Action> actions;
    auto add = [&](nw::cli::Action (*registerCommand)(CLI::App&)) {
        const auto before = app.get_subcommands({}).size();
        auto action = registerCommand(app);
        actions[app.get_subcommands({})[before]] = std::move(action);
    };
    add(nw::cli::addTrainCommand);
    add(nw::cli::addEvaluateCommand);
    add(nw::cli::addPredictCommand);
    add(nw::cli::addSummaryCommand);
    add(nw::cli::addDatasetsCommand);
    add(nw::cli::addExportCommand);
    add(nw::cli::addServeCommand);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "error: %s\nRun with --help for usage.\n", e.what());
        return 2;
    }
    try {
        for (const auto& [command, action] : actions)
            if (command->parsed()) return action();
    } catch (const CLI::Error& e) {  // an argument found wrong only once it was used
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const nw::FileFormatError& e) {
        // Bad input is the user's to fix, like a bad argument.
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const nw::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: out of memory\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 2;
}
