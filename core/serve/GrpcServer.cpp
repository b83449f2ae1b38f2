#include "serve/GrpcServer.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <thread>

#include "grpc_predict_v2.grpc.pb.h"
#include "serve/InferenceTensors.h"
#include "serve/ServeError.h"

namespace nw {
namespace {

using inference::InferTensorContents;
using inference::ModelInferRequest;
using inference::ModelInferResponse;

// Raw tensor contents are little-endian by the protocol; they are read and written in place.
static_assert(std::endian::native == std::endian::little, "raw tensor contents need a little-endian host");

// A model file holds one version of a model; clients may name it "1" or leave it out.
const std::string kVersion = "1";
// Requests still running this long after stop() are cancelled, so a stalled call cannot hold it.
constexpr auto kShutdownGrace = std::chrono::seconds(5);

std::string inQuotes(const std::string& text) { return "'" + text + "'"; }
std::string inputText(const std::string& name) { return "input " + inQuotes(name); }

grpc::StatusCode codeFor(int httpStatus) {
    switch (httpStatus) {
        case 401: return grpc::StatusCode::UNAUTHENTICATED;
        case 403: return grpc::StatusCode::PERMISSION_DENIED;
        case 404: return grpc::StatusCode::NOT_FOUND;
        case 413: return grpc::StatusCode::RESOURCE_EXHAUSTED;
        default: return httpStatus < 500 ? grpc::StatusCode::INVALID_ARGUMENT : grpc::StatusCode::INTERNAL;
    }
}

// ---- Input values in InferTensorContents ------------------------------------------------

// Elements across every field of the contents, so values sent in a field that does not match
// the datatype are told apart from no values at all.
std::size_t elementsIn(const InferTensorContents& c) {
    return static_cast<std::size_t>(c.bool_contents_size() + c.int_contents_size() + c.int64_contents_size() +
                                    c.uint_contents_size() + c.uint64_contents_size() + c.fp32_contents_size() +
                                    c.fp64_contents_size() + c.bytes_contents_size());
}

// KServe's mapping of datatypes onto fields: the narrow integers share int_contents and
// uint_contents; FP16 has no field and travels only as raw bytes.
void readContents(const InferTensorContents& c, TensorInput& input) {
    const std::string& type = input.datatype;
    std::string field;
    auto take = [&](const auto& values, const char* name) {
        input.numbers.assign(values.begin(), values.end());
        field = name;
    };
    if (type == "FP32") take(c.fp32_contents(), "fp32_contents");
    else if (type == "FP64") take(c.fp64_contents(), "fp64_contents");
    else if (type == "INT8" || type == "INT16" || type == "INT32") take(c.int_contents(), "int_contents");
    else if (type == "INT64") take(c.int64_contents(), "int64_contents");
    else if (type == "UINT8" || type == "UINT16" || type == "UINT32") take(c.uint_contents(), "uint_contents");
    else if (type == "UINT64") take(c.uint64_contents(), "uint64_contents");
    else if (type == "BOOL") take(c.bool_contents(), "bool_contents");
    else if (type == "BYTES") {
        input.bytes.assign(c.bytes_contents().begin(), c.bytes_contents().end());
        field = "bytes_contents";
    } else if (type == "FP16") {
        throw RequestError(400, inputText(input.name) + " has datatype FP16, which travels only in raw_input_contents");
    } else {
        throw RequestError(400, inputText(input.name) + " has datatype " + inQuotes(type) +
                                    "; use FP32, FP64, INT8..INT64, UINT8..UINT64 or BOOL for values, BYTES for encoded images");
    }
    if (input.numbers.size() + input.bytes.size() != elementsIn(c))
        throw RequestError(400, inputText(input.name) + " of datatype " + type + " must carry its values in contents." + field);
}

// ---- Input values in raw_input_contents -------------------------------------------------

template <typename T>
float readRaw(const char* bytes) {
    T value;
    std::memcpy(&value, bytes, sizeof value);
    return static_cast<float>(value);
}

float readRawBool(const char* bytes) { return *bytes != 0 ? 1.0f : 0.0f; }

// IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits.
float readRawHalf(const char* bytes) {
    std::uint16_t bits;
    std::memcpy(&bits, bytes, sizeof bits);
    const int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
    float magnitude;
    if (exponent == 0) magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    else if (exponent == 31) magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN() : INFINITY;
    else magnitude = std::ldexp(static_cast<float>(mantissa + 1024), exponent - 25);
    return (bits & 0x8000) ? -magnitude : magnitude;
}

struct RawLayout {
    std::size_t bytes;  // per element
    float (*read)(const char*);
};

const std::map<std::string, RawLayout>& rawLayouts() {
    static const std::map<std::string, RawLayout> layouts{
        {"BOOL", {1, readRawBool}},           {"INT8", {1, readRaw<std::int8_t>}},
        {"INT16", {2, readRaw<std::int16_t>}}, {"INT32", {4, readRaw<std::int32_t>}},
        {"INT64", {8, readRaw<std::int64_t>}}, {"UINT8", {1, readRaw<std::uint8_t>}},
        {"UINT16", {2, readRaw<std::uint16_t>}}, {"UINT32", {4, readRaw<std::uint32_t>}},
        {"UINT64", {8, readRaw<std::uint64_t>}}, {"FP16", {2, readRawHalf}},
        {"FP32", {4, readRaw<float>}},         {"FP64", {8, readRaw<double>}}};
    return layouts;
}

// BYTES elements laid out raw: each is a 4-byte little-endian length and that many bytes.
std::vector<std::string> rawByteElements(const std::string& raw, const std::string& what) {
    std::vector<std::string> elements;
    std::size_t at = 0;
    while (at < raw.size()) {
        std::uint32_t length = 0;
        if (raw.size() - at < sizeof length)
            throw RequestError(400, what + " ends inside the 4-byte length of element " + std::to_string(elements.size()));
        std::memcpy(&length, raw.data() + at, sizeof length);
        at += sizeof length;
        if (length > raw.size() - at)
            throw RequestError(400, what + " element " + std::to_string(elements.size()) + " claims " +
                                        std::to_string(length) + " bytes; only " + std::to_string(raw.size() - at) + " follow");
        elements.emplace_back(raw, at, length);
        at += length;
    }
    return elements;
}

void readRawContents(const std::string& raw, TensorInput& input) {
    const std::string what = "raw_input_contents of " + inputText(input.name);
    if (input.datatype == "BYTES") {
        input.bytes = rawByteElements(raw, what);
        return;
    }
    const auto layout = rawLayouts().find(input.datatype);
    if (layout == rawLayouts().end())
        throw RequestError(400, inputText(input.name) + " has datatype " + inQuotes(input.datatype) +
                                    "; use FP16, FP32, FP64, INT8..INT64, UINT8..UINT64 or BOOL for values, BYTES for encoded images");
    const std::size_t width = layout->second.bytes;
    if (raw.size() % width != 0)
        throw RequestError(400, what + " holds " + std::to_string(raw.size()) + " bytes, not a whole number of " +
                                    input.datatype + " values of " + std::to_string(width) + " bytes");
    input.numbers.resize(raw.size() / width);
    for (std::size_t i = 0; i < input.numbers.size(); ++i) input.numbers[i] = layout->second.read(raw.data() + i * width);
}

// ---- The request as a whole -------------------------------------------------------------

TensorInput tensorInput(const ModelInferRequest& request) {
    if (request.inputs_size() != 1)
        throw RequestError(400, std::string("the model takes one input, ") + inQuotes(kServedInputName) + "; the request has " +
                                    std::to_string(request.inputs_size()));
    const auto& tensor = request.inputs(0);
    if (tensor.name() != kServedInputName)
        throw RequestError(400, "the model has no input " + inQuotes(tensor.name()) + "; its input is " + inQuotes(kServedInputName));
    TensorInput input;
    input.name = tensor.name();
    input.datatype = tensor.datatype();
    input.shape.assign(tensor.shape().begin(), tensor.shape().end());
    if (request.raw_input_contents_size() == 0) {
        readContents(tensor.contents(), input);
        return input;
    }
    if (request.raw_input_contents_size() != request.inputs_size())
        throw RequestError(400, "raw_input_contents holds " + std::to_string(request.raw_input_contents_size()) +
                                    " tensors for " + std::to_string(request.inputs_size()) + " input");
    if (elementsIn(tensor.contents()) > 0)
        throw RequestError(400, inputText(input.name) + " carries values both in contents and in raw_input_contents; send one");
    readRawContents(request.raw_input_contents(0), input);
    return input;
}

void checkRequestedOutputs(const ModelInferRequest& request) {
    for (const auto& output : request.outputs())
        if (output.name() != kServedOutputName)
            throw RequestError(400, "the model has no output " + inQuotes(output.name()) + "; its output is " +
                                        inQuotes(kServedOutputName));
}

// Answers in the form the request came in, as Triton does: raw bytes for raw inputs.
void writeOutput(const TensorOutput& output, bool raw, ModelInferResponse& response) {
    auto* tensor = response.add_outputs();
    tensor->set_name(output.name);
    tensor->set_datatype("FP32");
    for (const auto dim : output.shape) tensor->add_shape(dim);
    if (raw)
        response.add_raw_output_contents(reinterpret_cast<const char*>(output.data.data()), output.data.size() * sizeof(float));
    else
        tensor->mutable_contents()->mutable_fp32_contents()->Add(output.data.begin(), output.data.end());
}

void describeTensor(inference::ModelMetadataResponse::TensorMetadata& tensor, const char* name,
                    const std::vector<std::int64_t>& shape) {
    tensor.set_name(name);
    tensor.set_datatype("FP32");
    for (const auto dim : shape) tensor.add_shape(dim);
}

// gRPC's synchronous server answers RESOURCE_EXHAUSTED instead of queueing once its thread
// quota is spent, while InferenceService lets calls wait cheaply for a free copy of the model.
// So the quota leaves room for several waiting calls per worker and still bounds the threads.
int threadQuota(const ServeOptions& options) {
    const int workers =
        options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    constexpr int kCallsPerWorker = 4, kMinThreads = 16;
    return std::max(kMinThreads, kCallsPerWorker * workers);
}

std::string listenAddress(const ServeOptions& options) {
    const bool ipv6 = options.host.find(':') != std::string::npos && options.host.front() != '[';
    return (ipv6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.grpcPort);
}

// ---- The service --------------------------------------------------------------------------

class InferenceRpcs final : public inference::GRPCInferenceService::Service {
public:
    InferenceRpcs(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats)
        : service_(std::move(service)), options_(options), stats_(stats) {}

    grpc::Status ServerLive(grpc::ServerContext* context, const inference::ServerLiveRequest*,
                            inference::ServerLiveResponse* response) override {
        return answer(*context, [&] { response->set_live(true); }, Guard::Open);
    }

    grpc::Status ServerReady(grpc::ServerContext* context, const inference::ServerReadyRequest*,
                             inference::ServerReadyResponse* response) override {
        return answer(*context, [&] { response->set_ready(true); }, Guard::Open);
    }

    // An unknown model is NOT_FOUND rather than "not ready", as Triton answers.
    grpc::Status ModelReady(grpc::ServerContext* context, const inference::ModelReadyRequest* request,
                            inference::ModelReadyResponse* response) override {
        return answer(*context, [&] {
            checkModel(request->name(), request->version());
            response->set_ready(true);
        });
    }

    grpc::Status ServerMetadata(grpc::ServerContext* context, const inference::ServerMetadataRequest*,
                                inference::ServerMetadataResponse* response) override {
        return answer(*context, [&] {
            response->set_name("netwright");
            response->set_version(NETWRIGHT_VERSION);
        });
    }

    grpc::Status ModelMetadata(grpc::ServerContext* context, const inference::ModelMetadataRequest* request,
                               inference::ModelMetadataResponse* response) override {
        return answer(*context, [&] {
            checkModel(request->name(), request->version());
            response->set_name(service_->name());
            response->add_versions(kVersion);
            response->set_platform("netwright");
            describeTensor(*response->add_inputs(), kServedInputName, servedInputShape(*service_));
            describeTensor(*response->add_outputs(), kServedOutputName, servedOutputShape(*service_));
        });
    }

    grpc::Status ModelInfer(grpc::ServerContext* context, const ModelInferRequest* request,
                            ModelInferResponse* response) override {
        return answer(*context, [&] { infer(*request, *response); });
    }

private:
    std::shared_ptr<const InferenceService> service_;
    const ServeOptions& options_;
    ServeStats& stats_;

    // The server health probes answer without a token, as over REST, so that an orchestrator
    // can watch the process; they say nothing about the model.
    enum class Guard { Token, Open };

    // Every RPC: counted, the token checked first, failures turned into a status with the
    // message a user can act on.
    template <typename Body>
    grpc::Status answer(const grpc::ServerContext& context, Body&& body, Guard guard = Guard::Token) {
        ++stats_.grpcRequests;
        grpc::Status status;
        try {
            if (guard == Guard::Token) checkToken(context);
            body();
        } catch (const RequestError& e) {
            status = grpc::Status(codeFor(e.status()), e.what());
        } catch (const std::exception& e) {
            status = grpc::Status(grpc::StatusCode::INTERNAL, e.what());
        }
        if (!status.ok()) ++stats_.failedRequests;
        return status;
    }

    void checkToken(const grpc::ServerContext& context) const {
        const auto& metadata = context.client_metadata();
        const auto found = metadata.find("authorization");
        const std::string authorization = found == metadata.end() ? "" : std::string(found->second.data(), found->second.size());
        if (!bearerTokenMatches(authorization, options_.token))
            throw RequestError(401, "missing or wrong bearer token; send the metadata 'authorization: Bearer TOKEN'");
    }

    void checkModel(const std::string& name, const std::string& version) const {
        if (name != service_->name())
            throw RequestError(404, "no model " + inQuotes(name) + " here; this server serves " + inQuotes(service_->name()));
        if (!version.empty() && version != kVersion)
            throw RequestError(404, "model " + inQuotes(name) + " has no version " + inQuotes(version) + "; it has version 1");
    }

    void infer(const ModelInferRequest& request, ModelInferResponse& response) const {
        checkModel(request.model_name(), request.model_version());
        checkRequestedOutputs(request);
        const SampleBatch samples = samplesFromTensor(tensorInput(request), *service_, options_);
        const TensorOutput output = runInference(*service_, samples);
        stats_.samplesPredicted += static_cast<std::uint64_t>(samples.count);
        response.set_model_name(service_->name());
        response.set_model_version(kVersion);
        response.set_id(request.id());
        writeOutput(output, request.raw_input_contents_size() > 0, response);
    }
};

}  // namespace

class GrpcServer::Impl {
public:
    Impl(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats)
        : options(options), rpcs(std::move(service), this->options, stats) {}

    ServeOptions options;
    InferenceRpcs rpcs;
    std::unique_ptr<grpc::Server> server;  // while running; destroyed before the service it calls
};

GrpcServer::GrpcServer(std::shared_ptr<const InferenceService> service, const ServeOptions& options, ServeStats& stats)
    : impl_(std::make_unique<Impl>(std::move(service), options, stats)) {}

GrpcServer::~GrpcServer() { stop(); }

void GrpcServer::start() {
    if (impl_->server) return;
    const ServeOptions& options = impl_->options;
    const std::string address = listenAddress(options);
    int selectedPort = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &selectedPort);
    // gRPC sets SO_REUSEPORT by default, which would let a second server bind a port in use.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    // Larger messages are refused by gRPC with RESOURCE_EXHAUSTED before they reach a handler.
    builder.SetMaxReceiveMessageSize(static_cast<int>(std::min<std::size_t>(options.maxRequestBytes, INT_MAX)));
    grpc::ResourceQuota quota("netwright-grpc");
    quota.SetMaxThreads(threadQuota(options));
    builder.SetResourceQuota(quota);
    builder.RegisterService(&impl_->rpcs);
    auto server = builder.BuildAndStart();
    if (!server || selectedPort == 0) {
        if (server) server->Shutdown();
        throw Error("cannot listen for gRPC on " + address +
                    " (the port is in use, or the address is not one of this machine's)");
    }
    impl_->server = std::move(server);
    port_ = selectedPort;
}

void GrpcServer::stop() {
    if (!impl_->server) return;
    impl_->server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
    impl_->server->Wait();
    impl_->server.reset();
}

}  // namespace nw
