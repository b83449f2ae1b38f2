// The gRPC front end (KServe's inference.GRPCInferenceService) over real loopback
// connections with the generated C++ stub: every RPC; ModelInfer with values in contents, in
// raw_input_contents and as PNG images, each checked against predictRaw; every refusal and
// its status code; the message size limit; the bearer token; the counters; eight clients at
// once; binding a port in use; stopping.
#include <QtTest>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "ExpectError.h"
#include "common/Error.h"
#include "common/Random.h"
#include "grpc_predict_v2.grpc.pb.h"
#include "io/ModelFile.h"
#include "serve/GrpcServer.h"
#include "serve/InferenceService.h"
#include "train/Evaluation.h"

using inference::GRPCInferenceService;
using inference::ModelInferRequest;
using inference::ModelInferResponse;

namespace {

const char* kSpec = R"({"name":"grpc-digits","layers":[
    {"type":"flatten"},
    {"type":"dense","units":16,"activation":"relu"},
    {"type":"dense","units":10,"activation":"softmax"}]})";
const nw::Shape kInput{1, 28, 28};
constexpr int kPixels = 28 * 28, kClasses = 10;
const char* kModelName = "digits";

// A 28×28 gray image of whole numbers 0..255, different for every index, so that PNG and
// UINT8 carry exactly the values FP32 does.
std::vector<float> image(int index) {
    nw::Random random(1000 + static_cast<std::uint64_t>(index));
    std::vector<float> pixels(kPixels);
    for (auto& p : pixels) p = static_cast<float>(random.below(256));
    return pixels;
}

std::vector<std::vector<float>> images(int count, int first = 0) {
    std::vector<std::vector<float>> batch;
    for (int i = 0; i < count; ++i) batch.push_back(image(first + i));
    return batch;
}

std::string png(const std::vector<float>& pixels) {
    cv::Mat gray(28, 28, CV_8UC1);
    for (int i = 0; i < kPixels; ++i) gray.data[i] = static_cast<std::uint8_t>(pixels[i]);
    std::vector<std::uint8_t> encoded;
    cv::imencode(".png", gray, encoded);
    return {encoded.begin(), encoded.end()};
}

template <typename T>
std::string rawBytes(const std::vector<std::vector<float>>& batch) {
    std::string raw;
    for (const auto& sample : batch)
        for (const float v : sample) {
            const T value = static_cast<T>(v);
            raw.append(reinterpret_cast<const char*>(&value), sizeof value);
        }
    return raw;
}

// A request for `batch` with its input described but no values yet.
ModelInferRequest request(int batch, const std::string& datatype = "FP32") {
    ModelInferRequest r;
    r.set_model_name(kModelName);
    auto* input = r.add_inputs();
    input->set_name("input");
    input->set_datatype(datatype);
    for (const auto dim : {std::int64_t{batch}, std::int64_t{1}, std::int64_t{28}, std::int64_t{28}}) input->add_shape(dim);
    return r;
}

ModelInferRequest fp32Request(const std::vector<std::vector<float>>& batch) {
    ModelInferRequest r = request(static_cast<int>(batch.size()));
    auto* values = r.mutable_inputs(0)->mutable_contents()->mutable_fp32_contents();
    for (const auto& sample : batch) values->Add(sample.begin(), sample.end());
    return r;
}

ModelInferRequest pngRequest(const std::vector<std::vector<float>>& batch) {
    ModelInferRequest r = request(static_cast<int>(batch.size()), "BYTES");
    r.mutable_inputs(0)->clear_shape();
    r.mutable_inputs(0)->add_shape(static_cast<std::int64_t>(batch.size()));
    for (const auto& sample : batch) r.mutable_inputs(0)->mutable_contents()->add_bytes_contents(png(sample));
    return r;
}

// The values of the response's one output, wherever they travel.
std::vector<float> outputValues(const ModelInferResponse& response) {
    if (response.raw_output_contents_size() == 0) {
        const auto& values = response.outputs(0).contents().fp32_contents();
        return {values.begin(), values.end()};
    }
    const std::string& raw = response.raw_output_contents(0);
    std::vector<float> values(raw.size() / sizeof(float));
    std::memcpy(values.data(), raw.data(), values.size() * sizeof(float));
    return values;
}

bool near(const std::vector<float>& actual, const std::vector<float>& expected) {
    if (actual.size() != expected.size()) {
        qWarning("%zu values, expected %zu", actual.size(), expected.size());
        return false;
    }
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (std::abs(actual[i] - expected[i]) > 1e-5f) {
            qWarning("value %zu is %g, expected %g", i, actual[i], expected[i]);
            return false;
        }
    return true;
}

std::unique_ptr<GRPCInferenceService::Stub> stubFor(int port) {
    return GRPCInferenceService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
}

// A client context with a deadline, so a hung server fails the test instead of stalling it.
std::unique_ptr<grpc::ClientContext> context(const std::string& authorization = "") {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!authorization.empty()) c->AddMetadata("authorization", authorization);
    return c;
}

grpc::Status infer(GRPCInferenceService::Stub& stub, const ModelInferRequest& r, ModelInferResponse& response,
                   const std::string& authorization = "") {
    return stub.ModelInfer(context(authorization).get(), r, &response);
}

std::string describe(const grpc::Status& status) {
    return "code " + std::to_string(status.error_code()) + ": " + status.error_message();
}

}  // namespace

class TestGrpcServer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string modelPath_;
    std::shared_ptr<const nw::InferenceService> service_;
    nw::SavedModel reference_;  // the same model, predicted on directly
    nw::ServeStats stats_;
    std::unique_ptr<nw::GrpcServer> server_;
    std::unique_ptr<GRPCInferenceService::Stub> stub_;

    std::vector<float> expected(const std::vector<std::vector<float>>& batch) {
        std::vector<float> flat;
        for (const auto& row : predictRaw(*reference_.model, batch, reference_.metadata.normalization))
            flat.insert(flat.end(), row.begin(), row.end());
        return flat;
    }

    std::unique_ptr<nw::GrpcServer> startServer(nw::ServeOptions options, nw::ServeStats& stats) {
        options.host = "127.0.0.1";
        options.grpcPort = 0;
        auto server = std::make_unique<nw::GrpcServer>(service_, options, stats);
        server->start();
        return server;
    }

    void expectStatus(const ModelInferRequest& r, grpc::StatusCode code, const char* fragment) {
        ModelInferResponse response;
        const grpc::Status status = infer(*stub_, r, response);
        QVERIFY2(status.error_code() == code, describe(status).c_str());
        QVERIFY2(status.error_message().find(fragment) != std::string::npos, describe(status).c_str());
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        modelPath_ = dir_.filePath("digits.nwm").toStdString();
        nw::Model model(nlohmann::json::parse(kSpec), kInput, 7);
        nw::ModelMetadata metadata;
        metadata.dataset = "mnist";
        for (int c = 0; c < kClasses; ++c) metadata.classNames.push_back(std::to_string(c));
        metadata.normalization = nw::Normalization::scaled(1.0f / 255.0f);
        nw::saveModel(modelPath_, model, metadata);
        service_ = std::make_shared<nw::InferenceService>(nw::loadModel(modelPath_), kModelName, 4);
        reference_ = nw::loadModel(modelPath_);

        nw::ServeOptions options;
        options.threads = 4;
        server_ = startServer(options, stats_);
        QVERIFY(server_->port() > 0);
        stub_ = stubFor(server_->port());
    }

    void cleanupTestCase() { server_.reset(); }

    void serverLiveReadyAndMetadata() {
        inference::ServerLiveResponse live;
        QVERIFY(stub_->ServerLive(context().get(), {}, &live).ok());
        QVERIFY(live.live());
        inference::ServerReadyResponse ready;
        QVERIFY(stub_->ServerReady(context().get(), {}, &ready).ok());
        QVERIFY(ready.ready());
        inference::ServerMetadataResponse metadata;
        QVERIFY(stub_->ServerMetadata(context().get(), {}, &metadata).ok());
        QCOMPARE(metadata.name(), std::string("netwright"));
        QVERIFY(!metadata.version().empty());
        QCOMPARE(metadata.extensions_size(), 0);
    }

    void modelReady() {
        inference::ModelReadyRequest r;
        inference::ModelReadyResponse response;
        for (const char* version : {"", "1"}) {
            r.set_name(kModelName);
            r.set_version(version);
            QVERIFY(stub_->ModelReady(context().get(), r, &response).ok());
            QVERIFY(response.ready());
        }
        r.set_version("2");
        QCOMPARE(stub_->ModelReady(context().get(), r, &response).error_code(), grpc::StatusCode::NOT_FOUND);
        r.set_name("nope");
        r.set_version("");
        const grpc::Status status = stub_->ModelReady(context().get(), r, &response);
        QCOMPARE(status.error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY2(status.error_message().find("'digits'") != std::string::npos, describe(status).c_str());
    }

    void modelMetadata() {
        inference::ModelMetadataRequest r;
        r.set_name(kModelName);
        inference::ModelMetadataResponse m;
        QVERIFY(stub_->ModelMetadata(context().get(), r, &m).ok());
        QCOMPARE(m.name(), std::string(kModelName));
        QCOMPARE(m.versions_size(), 1);
        QCOMPARE(m.versions(0), std::string("1"));
        QCOMPARE(m.platform(), std::string("netwright"));
        QCOMPARE(m.inputs_size(), 1);
        QCOMPARE(m.inputs(0).name(), std::string("input"));
        QCOMPARE(m.inputs(0).datatype(), std::string("FP32"));
        QCOMPARE(std::vector<std::int64_t>(m.inputs(0).shape().begin(), m.inputs(0).shape().end()),
                 (std::vector<std::int64_t>{-1, 1, 28, 28}));
        QCOMPARE(m.outputs_size(), 1);
        QCOMPARE(m.outputs(0).name(), std::string("output"));
        QCOMPARE(m.outputs(0).datatype(), std::string("FP32"));
        QCOMPARE(std::vector<std::int64_t>(m.outputs(0).shape().begin(), m.outputs(0).shape().end()),
                 (std::vector<std::int64_t>{-1, kClasses}));
        r.set_name("nope");
        QCOMPARE(stub_->ModelMetadata(context().get(), r, &m).error_code(), grpc::StatusCode::NOT_FOUND);
    }

    void inferFp32Contents() {
        const auto batch = images(5);
        ModelInferRequest r = fp32Request(batch);
        r.set_id("request-17");
        r.set_model_version("1");
        ModelInferResponse response;
        const grpc::Status status = infer(*stub_, r, response);
        QVERIFY2(status.ok(), describe(status).c_str());
        QCOMPARE(response.model_name(), std::string(kModelName));
        QCOMPARE(response.model_version(), std::string("1"));
        QCOMPARE(response.id(), std::string("request-17"));
        QCOMPARE(response.outputs_size(), 1);
        const auto& output = response.outputs(0);
        QCOMPARE(output.name(), std::string("output"));
        QCOMPARE(output.datatype(), std::string("FP32"));
        QCOMPARE(std::vector<std::int64_t>(output.shape().begin(), output.shape().end()),
                 (std::vector<std::int64_t>{5, kClasses}));
        QCOMPARE(response.raw_output_contents_size(), 0);
        QVERIFY(near(outputValues(response), expected(batch)));
    }

    void inferOtherContents_data() {
        QTest::addColumn<QString>("datatype");
        for (const char* type : {"FP64", "INT32", "INT64", "UINT8", "UINT64"}) QTest::newRow(type) << QString(type);
    }

    void inferOtherContents() {
        QFETCH(QString, datatype);
        const auto batch = images(2, 10);
        ModelInferRequest r = request(2, datatype.toStdString());
        auto* contents = r.mutable_inputs(0)->mutable_contents();
        for (const auto& sample : batch)
            for (const float v : sample) {
                if (datatype == "FP64") contents->add_fp64_contents(v);
                else if (datatype == "INT32") contents->add_int_contents(static_cast<std::int32_t>(v));
                else if (datatype == "INT64") contents->add_int64_contents(static_cast<std::int64_t>(v));
                else if (datatype == "UINT8") contents->add_uint_contents(static_cast<std::uint32_t>(v));
                else contents->add_uint64_contents(static_cast<std::uint64_t>(v));
            }
        ModelInferResponse response;
        const grpc::Status status = infer(*stub_, r, response);
        QVERIFY2(status.ok(), describe(status).c_str());
        QVERIFY(near(outputValues(response), expected(batch)));
    }

    void inferRawContents_data() {
        QTest::addColumn<QString>("datatype");
        for (const char* type : {"FP32", "FP64", "UINT8", "INT16", "INT32", "INT64", "UINT16"}) QTest::newRow(type) << QString(type);
    }

    // Raw inputs are answered in raw_output_contents, as Triton does.
    void inferRawContents() {
        QFETCH(QString, datatype);
        const auto batch = images(3, 20);
        ModelInferRequest r = request(3, datatype.toStdString());
        if (datatype == "FP32") r.add_raw_input_contents(rawBytes<float>(batch));
        else if (datatype == "FP64") r.add_raw_input_contents(rawBytes<double>(batch));
        else if (datatype == "UINT8") r.add_raw_input_contents(rawBytes<std::uint8_t>(batch));
        else if (datatype == "INT16") r.add_raw_input_contents(rawBytes<std::int16_t>(batch));
        else if (datatype == "INT32") r.add_raw_input_contents(rawBytes<std::int32_t>(batch));
        else if (datatype == "INT64") r.add_raw_input_contents(rawBytes<std::int64_t>(batch));
        else r.add_raw_input_contents(rawBytes<std::uint16_t>(batch));
        ModelInferResponse response;
        const grpc::Status status = infer(*stub_, r, response);
        QVERIFY2(status.ok(), describe(status).c_str());
        QCOMPARE(response.raw_output_contents_size(), 1);
        QCOMPARE(response.outputs(0).contents().fp32_contents_size(), 0);
        QCOMPARE(response.raw_output_contents(0).size(), 3 * kClasses * sizeof(float));
        QVERIFY(near(outputValues(response), expected(batch)));
    }

    void inferPngImages() {
        const auto batch = images(3, 30);
        ModelInferResponse response;
        grpc::Status status = infer(*stub_, pngRequest(batch), response);
        QVERIFY2(status.ok(), describe(status).c_str());
        QVERIFY(near(outputValues(response), expected(batch)));

        // Raw BYTES: each element a 4-byte little-endian length, then its bytes.
        ModelInferRequest raw = pngRequest(batch);
        std::string elements;
        for (const auto& image : raw.inputs(0).contents().bytes_contents()) {
            const auto length = static_cast<std::uint32_t>(image.size());
            elements.append(reinterpret_cast<const char*>(&length), sizeof length).append(image);
        }
        raw.mutable_inputs(0)->clear_contents();
        raw.add_raw_input_contents(elements);
        response.Clear();
        status = infer(*stub_, raw, response);
        QVERIFY2(status.ok(), describe(status).c_str());
        QVERIFY(near(outputValues(response), expected(batch)));
    }

    void requestedOutputs() {
        ModelInferRequest r = fp32Request(images(1));
        r.add_outputs()->set_name("output");
        ModelInferResponse response;
        QVERIFY(infer(*stub_, r, response).ok());
        QCOMPARE(response.outputs_size(), 1);
        r.add_outputs()->set_name("logits");
        expectStatus(r, grpc::StatusCode::INVALID_ARGUMENT, "no output 'logits'");
    }

    void refusedInputs_data() {
        QTest::addColumn<int>("problem");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("shape of another model") << 0 << "values per sample";
        QTest::newRow("fewer values than the shape") << 1 << "carries";
        QTest::newRow("unknown datatype") << 2 << "datatype 'STRING'";
        QTest::newRow("FP16 in contents") << 3 << "FP16";
        QTest::newRow("values in the wrong field") << 4 << "fp32_contents";
        QTest::newRow("input name") << 5 << "no input 'pixels'";
        QTest::newRow("two inputs") << 6 << "one input";
        QTest::newRow("no inputs") << 7 << "one input";
        QTest::newRow("raw size") << 8 << "not a whole number";
        QTest::newRow("raw and contents") << 9 << "both";
        QTest::newRow("raw count") << 10 << "raw_input_contents holds 2";
        QTest::newRow("not an image") << 11 << "cannot decode";
        QTest::newRow("raw BYTES cut short") << 12 << "claims";
    }

    void refusedInputs() {
        QFETCH(int, problem);
        QFETCH(QString, fragment);
        ModelInferRequest r = fp32Request(images(2));
        auto* input = r.mutable_inputs(0);
        auto* values = input->mutable_contents()->mutable_fp32_contents();
        switch (problem) {
            case 0:
                input->set_shape(3, 27);
                values->Truncate(2 * 28 * 27);
                break;
            case 1: values->Truncate(kPixels); break;
            case 2: input->set_datatype("STRING"); break;
            case 3: input->set_datatype("FP16"); break;
            case 4:
                values->Clear();
                input->mutable_contents()->add_fp64_contents(1);
                break;
            case 5: input->set_name("pixels"); break;
            case 6: *r.add_inputs() = *input; break;
            case 7: r.clear_inputs(); break;
            case 8:
                input->clear_contents();
                r.add_raw_input_contents(std::string(4 * kPixels * 2 - 1, '\0'));
                break;
            case 9: r.add_raw_input_contents(rawBytes<float>(images(2))); break;
            case 10:
                input->clear_contents();
                r.add_raw_input_contents(rawBytes<float>(images(2)));
                r.add_raw_input_contents("");
                break;
            case 11:
                r = pngRequest(images(1));
                r.mutable_inputs(0)->mutable_contents()->set_bytes_contents(0, "not a png");
                break;
            case 12:  // the first element claims 16 bytes; 3 follow
                r = request(1, "BYTES");
                r.mutable_inputs(0)->clear_shape();
                r.mutable_inputs(0)->add_shape(1);
                r.add_raw_input_contents(std::string("\x10\0\0\0abc", 7));
                break;
        }
        expectStatus(r, grpc::StatusCode::INVALID_ARGUMENT, fragment.toStdString().c_str());
    }

    void unknownModelOrVersion() {
        ModelInferRequest r = fp32Request(images(1));
        r.set_model_name("nope");
        expectStatus(r, grpc::StatusCode::NOT_FOUND, "no model 'nope'");
        r.set_model_name(kModelName);
        r.set_model_version("2");
        expectStatus(r, grpc::StatusCode::NOT_FOUND, "no version '2'");
    }

    // gRPC refuses the message itself; a request within the limit still passes.
    void messageOverTheLimit() {
        nw::ServeOptions options;
        options.maxRequestBytes = 64 * 1024;
        nw::ServeStats stats;
        auto server = startServer(options, stats);
        auto stub = stubFor(server->port());
        ModelInferRequest big = request(30);
        big.add_raw_input_contents(rawBytes<float>(images(30)));
        ModelInferResponse response;
        const grpc::Status status = infer(*stub, big, response);
        QVERIFY2(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED, describe(status).c_str());
        QVERIFY2(infer(*stub, fp32Request(images(2)), response).ok(), "a small request after the big one");
        QCOMPARE(stats.samplesPredicted.load(), std::uint64_t{2});
    }

    void bearerToken() {
        nw::ServeOptions options;
        options.token = "s3cret-token";
        nw::ServeStats stats;
        auto server = startServer(options, stats);
        auto stub = stubFor(server->port());
        inference::ServerMetadataResponse metadata;
        ModelInferResponse response;
        for (const std::string authorization : {"", "Bearer wrong-token", "s3cret-token", "Bearer s3cret-token2"}) {
            QCOMPARE(stub->ServerMetadata(context(authorization).get(), {}, &metadata).error_code(),
                     grpc::StatusCode::UNAUTHENTICATED);
            const grpc::Status status = infer(*stub, fp32Request(images(1)), response, authorization);
            QCOMPARE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
            QVERIFY2(status.error_message().find("Bearer") != std::string::npos, describe(status).c_str());
        }
        QVERIFY(stub->ServerMetadata(context("Bearer s3cret-token").get(), {}, &metadata).ok());
        // The health probes need no token.
        inference::ServerLiveResponse live;
        inference::ServerReadyResponse ready;
        QVERIFY(stub->ServerLive(context().get(), {}, &live).ok() && live.live());
        QVERIFY(stub->ServerReady(context().get(), {}, &ready).ok() && ready.ready());
        const auto batch = images(2, 40);
        QVERIFY(infer(*stub, fp32Request(batch), response, "Bearer s3cret-token").ok());
        QVERIFY(near(outputValues(response), expected(batch)));
        QCOMPARE(stats.grpcRequests.load(), std::uint64_t{12});
        QCOMPARE(stats.failedRequests.load(), std::uint64_t{8});
    }

    void countersOfRequests() {
        nw::ServeStats stats;
        auto server = startServer({}, stats);
        auto stub = stubFor(server->port());
        ModelInferResponse response;
        QVERIFY(infer(*stub, fp32Request(images(3)), response).ok());
        QVERIFY(infer(*stub, pngRequest(images(2)), response).ok());
        ModelInferRequest unknown = fp32Request(images(1));
        unknown.set_model_name("nope");
        QVERIFY(!infer(*stub, unknown, response).ok());
        inference::ServerReadyResponse ready;
        QVERIFY(stub->ServerReady(context().get(), {}, &ready).ok());
        QCOMPARE(stats.grpcRequests.load(), std::uint64_t{4});
        QCOMPARE(stats.failedRequests.load(), std::uint64_t{1});
        QCOMPARE(stats.samplesPredicted.load(), std::uint64_t{5});
        QCOMPARE(stats.restRequests.load(), std::uint64_t{0});
    }

    // Each client sends its own images, so an answer mixed up between calls would show.
    void eightClientsAtOnce() {
        constexpr int kClients = 8, kCalls = 15;
        std::vector<std::vector<std::vector<float>>> batches;
        std::vector<std::vector<float>> answers;
        for (int c = 0; c < kClients; ++c) {
            batches.push_back(images(1 + c % 3, 100 + 10 * c));
            answers.push_back(expected(batches.back()));
        }
        std::atomic<int> good{0};
        std::mutex failuresMutex;
        std::vector<std::string> failures;
        std::vector<std::thread> clients;
        for (int c = 0; c < kClients; ++c)
            clients.emplace_back([&, c] {
                auto stub = stubFor(server_->port());
                const ModelInferRequest r = fp32Request(batches[c]);
                for (int i = 0; i < kCalls; ++i) {
                    ModelInferResponse response;
                    const grpc::Status status = infer(*stub, r, response);
                    const std::vector<float> values = status.ok() ? outputValues(response) : std::vector<float>{};
                    bool same = values.size() == answers[c].size();
                    for (std::size_t k = 0; same && k < values.size(); ++k) same = std::abs(values[k] - answers[c][k]) <= 1e-5f;
                    if (same) {
                        ++good;
                    } else {
                        std::lock_guard lock(failuresMutex);
                        failures.push_back("client " + std::to_string(c) + ": " + describe(status));
                    }
                }
            });
        for (auto& client : clients) client.join();
        QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
        QCOMPARE(good.load(), kClients * kCalls);
    }

    void portInUse() {
        nw::ServeOptions options;
        options.host = "127.0.0.1";
        options.grpcPort = server_->port();
        nw::ServeStats stats;
        nw::GrpcServer second(service_, options, stats);
        const std::string expected = "cannot listen for gRPC on 127.0.0.1:" + std::to_string(server_->port());
        QVERIFY(nw::testing::throwsWith<nw::Error>([&] { second.start(); }, {expected.c_str()}));
        second.stop();
        inference::ServerLiveResponse live;
        QVERIFY2(stub_->ServerLive(context().get(), {}, &live).ok(), "the first server still answers");
    }

    void stopIdleTwiceAndRestart() {
        nw::ServeStats stats;
        auto server = startServer({}, stats);
        server->stop();
        server->stop();
        server->start();
        auto stub = stubFor(server->port());
        inference::ServerLiveResponse live;
        QVERIFY2(stub->ServerLive(context().get(), {}, &live).ok(), "serves again after a restart");
        server->stop();
        nw::GrpcServer neverStarted(service_, {}, stats);
        neverStarted.stop();
    }
};

QTEST_GUILESS_MAIN(TestGrpcServer)
#include "test_grpc_server.moc"
