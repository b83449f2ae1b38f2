#pragma once
#include <memory>

#include "serve/GrpcServer.h"
#include "serve/RestServer.h"

namespace nw {

// A model served over REST and gRPC at once: what `netwright-cli serve` and the Deploy
// screen start.
class ModelServer {
public:
    // Throws nw::Error when the options cannot be served (see checkServeOptions).
    ModelServer(std::shared_ptr<const InferenceService> service, ServeOptions options);
    ~ModelServer();
    // Binds both ports; throws nw::Error naming the port that cannot be bound, leaving
    // nothing running.
    void start();
    void stop();
    bool running() const { return running_; }

    int restPort() const;
    int grpcPort() const;  // -1 without gRPC
    const ServeOptions& options() const { return options_; }
    const InferenceService& service() const { return *service_; }
    const ServeStats& stats() const { return stats_; }

private:
    std::shared_ptr<const InferenceService> service_;
    ServeOptions options_;
    ServeStats stats_;
    std::unique_ptr<RestServer> rest_;
    std::unique_ptr<GrpcServer> grpc_;
    bool running_ = false;
};

}  // namespace nw
