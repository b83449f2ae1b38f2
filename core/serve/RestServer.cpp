#include "serve/RestServer.h"

#include <httplib.h>

#include <algorithm>
#include <regex>

#include "serve/RequestJson.h"
#include "serve/RestApi.h"
#include "serve/ServeError.h"

namespace nw {
namespace {

using nlohmann::json;


// Health probes answer without a token, so that an orchestrator can watch the process; they
// say nothing about the model.
bool isHealthProbe(const std::string& path) { return path == "/v2/health/live" || path == "/v2/health/ready"; }

}  // namespace

RestServer::RestServer(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats)
    : service_(std::move(service)), options_(options), stats_(stats) {}

RestServer::~RestServer() { stop(); }

// Every answer goes through here, so that failures are counted before the client sees them.
void RestServer::reply(httplib::Response& res, int status, const nlohmann::json& body) {
    if (status >= 400) ++stats_.failedRequests;
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void RestServer::start() {
    server_ = std::make_unique<httplib::Server>();
    auto& server = *server_;
    // A connection holds its worker while it is kept alive, so there are more connection
    // workers than model copies; the copies bound the compute.
    const int connections = std::max(16, 4 * std::max(1, options_.threads));
    server.new_task_queue = [connections] { return new httplib::ThreadPool(static_cast<std::size_t>(connections)); };
    server.set_keep_alive_max_count(10000);
    // Replies are small: without this, Nagle's algorithm meets the client's delayed ACK and
    // every request on a kept-alive connection waits about 40 ms.
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(options_.maxRequestBytes);
    // httplib's default also sets SO_REUSEPORT, which would let a second server share a busy
    // port and split its requests; only a quick restart after a stop is wanted.
    server.set_socket_options([](int socket) {
        const int on = 1;
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    });

    // Refusals that must come before the body is read: the token, and a body over the limit
    // (httplib would otherwise read it to the end before refusing).
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        ++stats_.restRequests;
        if (!isHealthProbe(req.path) && !bearerTokenMatches(req.get_header_value("Authorization"), options_.token)) {
            res.set_header("WWW-Authenticate", "Bearer");
            reply(res, 401, errorBody("missing or wrong bearer token; send \"Authorization: Bearer TOKEN\""));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "POST") {
            if (req.has_header("Transfer-Encoding")) {
                reply(res, 411, errorBody("send the body with a Content-Length, not chunked"));
                res.set_header("Connection", "close");
                return httplib::Server::HandlerResponse::Handled;
            }
            const auto length = req.get_header_value<std::uint64_t>("Content-Length");
            if (length > options_.maxRequestBytes) {
                reply(res, 413, errorBody("the request body of " + std::to_string(length) + " bytes is over this server's limit of " +
                                          std::to_string(options_.maxRequestBytes)));
                res.set_header("Connection", "close");
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Every route runs through here: unknown models and refused requests become JSON errors.
    using Body = std::function<json(const httplib::Request&)>;
    auto route = [this](const Body& body) {
        return [this, body](const httplib::Request& req, httplib::Response& res) {
            const std::string name = req.matches.size() > 1 ? req.matches[1].str() : service_->name();
            try {
                if (name != service_->name())
                    throw RequestError(404, "model '" + name + "' is not served here; this server serves '" + service_->name() + "'");
                reply(res, 200, body(req));
            } catch (const RequestError& e) {
                reply(res, e.status(), errorBody(e.what()));
            } catch (const std::exception& e) {
                reply(res, 500, errorBody(std::string("prediction failed: ") + e.what()));
            }
        };
    };
    auto predictWith = [this](auto protocol) {
        return [this, protocol](const httplib::Request& req) {
            int samples = 0;
            auto body = protocol(*service_, parseRequestJson(req.body), options_, samples);
            stats_.samplesPredicted += static_cast<std::uint64_t>(samples);
            return body;
        };
    };
    const std::string model = "/v1/models/([^/:]+)(?:/versions/1)?";
    server.Get(model, route([this](const auto&) { return tfServingStatus(*service_); }));
    server.Get(model + "/metadata", route([this](const auto&) { return tfServingMetadata(*service_); }));
    server.Post(model + ":predict", route(predictWith(tfServingPredict)));

    const std::string v2model = "/v2/models/([^/]+)(?:/versions/1)?";
    server.Get("/v2/health/live", route([](const auto&) { return json{{"live", true}}; }));
    server.Get("/v2/health/ready", route([](const auto&) { return json{{"ready", true}}; }));
    server.Get("/v2", route([](const auto&) { return kserveServerMetadata(); }));
    server.Get(v2model, route([this](const auto&) { return kserveModelMetadata(*service_); }));
    server.Get(v2model + "/ready", route([this](const auto&) { return json{{"name", service_->name()}, {"ready", true}}; }));
    server.Post(v2model + "/infer", route(predictWith(kserveInfer)));

    // httplib's own refusals (no route, body unreadable) get a JSON body too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string message = res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                                      : "the request could not be read (HTTP " + std::to_string(res.status) + ")";
        reply(res, res.status, errorBody(message));
        return httplib::Server::HandlerResponse::Handled;
    }));

    port_ = options_.restPort == 0 ? server.bind_to_any_port(options_.host)
                                   : (server.bind_to_port(options_.host, options_.restPort) ? options_.restPort : -1);
    if (port_ < 0) {
        server_.reset();
        throw Error("serve: cannot listen for REST on " + options_.host + ":" + std::to_string(options_.restPort) +
                    " (in use, or not an address of this machine)");
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void RestServer::stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
}

}  // namespace nw
