#include "serve/ModelServer.h"

namespace nw {

ModelServer::ModelServer(std::shared_ptr<const InferenceService> service, ServeOptions options)
    : service_(std::move(service)), options_(std::move(options)) {
    checkServeOptions(options_);
}

ModelServer::~ModelServer() { stop(); }

void ModelServer::start() {
    if (running_) return;
    rest_ = std::make_unique<RestServer>(service_, options_, stats_);
    rest_->start();
    if (options_.grpcPort >= 0) {
        grpc_ = std::make_unique<GrpcServer>(service_, options_, stats_);
        try {
            grpc_->start();
        } catch (...) {
            grpc_.reset();
            rest_.reset();
            throw;
        }
    }
    running_ = true;
}

void ModelServer::stop() {
    grpc_.reset();
    rest_.reset();
    running_ = false;
}

int ModelServer::restPort() const { return rest_ ? rest_->port() : -1; }
int ModelServer::grpcPort() const { return grpc_ ? grpc_->port() : -1; }

}  // namespace nw
