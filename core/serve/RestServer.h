#pragma once
#include <memory>
#include <thread>

#include "serve/InferenceService.h"
#include "serve/ServeOptions.h"
#include "serve/ServeStats.h"

namespace httplib {
class Server;
struct Response;
}

namespace nw {

// The REST front end: the TensorFlow Serving REST API (/v1/models/NAME...) and the Open
// Inference Protocol (KServe v2, /v2/...) over cpp-httplib. Protocol: docs/serving.md.
class RestServer {
public:
    RestServer(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats);
    ~RestServer();
    // Binds options.host:options.restPort and serves on a thread of its own with
    // options.threads workers; throws nw::Error when the address cannot be bound.
    void start();
    void stop();
    int port() const { return port_; }

private:
    void reply(httplib::Response& res, int status, const nlohmann::json& body);

    std::shared_ptr<const InferenceService> service_;
    ServeOptions options_;
    ServeStats& stats_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace nw
