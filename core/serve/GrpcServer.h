#pragma once
#include <memory>

#include "serve/InferenceService.h"
#include "serve/ServeOptions.h"
#include "serve/ServeStats.h"

namespace grpc {
class Server;
}

namespace nw {

// The Open Inference Protocol's gRPC service (inference.GRPCInferenceService, KServe's
// grpc_predict_v2.proto): ServerLive, ServerReady, ModelReady, ServerMetadata,
// ModelMetadata, ModelInfer, with the REST server's limits and token.
class GrpcServer {
public:
    GrpcServer(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats);
    ~GrpcServer();
    // Binds options.host:options.grpcPort and starts serving on gRPC's own threads; throws
    // nw::Error when the address cannot be bound.
    void start();
    // Finishes requests in flight and stops; safe to call twice.
    void stop();
    // The port it listens on (the chosen one when options.grpcPort was 0).
    int port() const { return port_; }

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
};

}  // namespace nw
