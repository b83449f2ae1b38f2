#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "Commands.h"
#include "io/ModelFile.h"
#include "serve/ModelServer.h"
#include "train/Trainer.h"

namespace nw::cli {
namespace {

struct ServeArgs {
    std::string model;
    ServeOptions options;
};

// Waits for Ctrl+C or a TERM signal. The signals are blocked before any server thread
// exists, so every thread inherits the mask and only this wait receives them.
class ShutdownSignals {
public:
    ShutdownSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        // A client that hangs up mid-reply must not end the process.
        std::signal(SIGPIPE, SIG_IGN);
    }
    void wait() {
        int received = 0;
        sigwait(&set_, &received);
    }

private:
    sigset_t set_{};
};

int runServe(ServeArgs& a) {
    ShutdownSignals signals;
    if (a.options.token.empty())
        if (const char* token = std::getenv("NETWRIGHT_SERVE_TOKEN")) a.options.token = token;
    checkServeOptions(a.options);
    SavedModel saved = loadModel(a.model);
    if (a.options.name.empty()) a.options.name = servableModelName(std::filesystem::path(a.model).stem().string());
    const int workers = a.options.threads > 0 ? a.options.threads : defaultComputeThreads();
    // Requests run side by side, one core each: a single image gains nothing from splitting
    // its small products across threads.
    setComputeThreads(1);
    auto service = std::make_shared<InferenceService>(std::move(saved), a.options.name, workers);
    ModelServer server(service, a.options);
    server.start();
    const std::string& host = a.options.host;
    std::printf("Serving model '%s' from %s with %d worker%s\n", a.options.name.c_str(), a.model.c_str(), workers,
                workers == 1 ? "" : "s");
    std::printf("REST listening on %s:%d\n", host.c_str(), server.restPort());
    if (server.grpcPort() >= 0) std::printf("gRPC listening on %s:%d\n", host.c_str(), server.grpcPort());
    std::printf("Try: curl http://%s:%d/v2/models/%s%s\nPress Ctrl+C to stop.\n", host.c_str(), server.restPort(),
                a.options.name.c_str(), a.options.token.empty() ? "" : " -H \"Authorization: Bearer $TOKEN\"");
    std::fflush(stdout);
    signals.wait();
    server.stop();
    std::printf("Stopped after %llu request%s.\n", static_cast<unsigned long long>(server.stats().requests()),
                server.stats().requests() == 1 ? "" : "s");
    return 0;
}

}  // namespace

Action addServeCommand(CLI::App& app) {
    auto args = std::make_shared<ServeArgs>();
    auto& o = args->options;
    auto* c = app.add_subcommand("serve", "Serve a model over REST (TensorFlow Serving and KServe v2) and gRPC (KServe v2)");
    c->add_option("model", args->model, "Model file written by train --save")->required();
    c->add_option("--name", o.name, "Model name in URLs and RPCs (default: the file name without extension)");
    c->add_option("--host", o.host, "Address to listen on; anything but loopback needs --token")->capture_default_str();
    c->add_option("--port", o.restPort, "REST port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
    c->add_option("--grpc-port", o.grpcPort, "gRPC port (0: any free port, -1: no gRPC)")
        ->capture_default_str()
        ->check(CLI::Range(-1, 65535));
    c->add_option("--token", o.token,
                  "Bearer token clients must send (Authorization: Bearer TOKEN); also read from NETWRIGHT_SERVE_TOKEN");
    c->add_option("--threads", o.threads, "Requests computed at once (0: one per core)")->check(CLI::NonNegativeNumber);
    c->add_option("--max-request-bytes", o.maxRequestBytes, "Larger requests are refused unread")->capture_default_str();
    c->add_option("--max-batch", o.maxBatch, "Most samples in one request")->capture_default_str()->check(CLI::PositiveNumber);
    return [args] { return runServe(*args); };
}

}  // namespace nw::cli
