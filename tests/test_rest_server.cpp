// The REST front end over real HTTP on loopback: every endpoint of the TensorFlow Serving
// and KServe v2 protocols, every refusal, concurrent clients, the request-size limit, and
// Python's standard HTTP client (tests/serve/rest_client.py) as a client Netwright did not write.
#include <QtTest>

// The project's headers (Eigen) come before httplib: <resolv.h> defines a macro `_res` that
// Eigen uses as a parameter name.
#include "ExpectError.h"
#include "ServeFixtures.h"
#include "common/Error.h"
#include "serve/RestServer.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>
#include <atomic>
#include <fstream>
#include <thread>

using namespace nw;
using nw::testing::throwsWith;
using nlohmann::json;

namespace {

std::string base64(const std::string& bytes) {
    std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    text.resize(static_cast<std::size_t>(n));
    return text;
}

double maxDifference(const json& got, const std::vector<float>& expected) {
    std::vector<float> values;
    for (const auto& v : got) values.push_back(v.get<float>());
    if (values.size() != expected.size()) return 1e9;
    double worst = 0;
    for (std::size_t i = 0; i < values.size(); ++i) worst = std::max(worst, std::abs(double(values[i]) - expected[i]));
    return worst;
}

// Sends bytes on a fresh connection and returns what comes back before the server closes it
// or `seconds` pass.
std::string rawExchange(int port, const std::string& request, int seconds) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return {};
    timeval timeout{seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string reply;
    char buffer[4096];
    ssize_t n;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
        reply.append(buffer, static_cast<std::size_t>(n));
        if (reply.find("\r\n\r\n") != std::string::npos && reply.find("}") != std::string::npos) break;
    }
    close(fd);
    return reply;
}

}  // namespace

class TestRestServer : public QObject {
    Q_OBJECT

    std::shared_ptr<InferenceService> service_;
    SavedModel reference_;
    std::vector<std::vector<float>> digits_;
    std::vector<std::vector<float>> expected_;
    ServeStats stats_;
    std::unique_ptr<RestServer> server_;

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server_->port());
        c.set_read_timeout(20, 0);
        return c;
    }
    json post(const std::string& path, const json& body, int expectedStatus) {
        auto c = client();
        const auto res = c.Post(path, body.dump(), "application/json");
        if (!res) return json{{"transport_error", httplib::to_string(res.error())}};
        if (res->status != expectedStatus) qWarning("%s -> %d %s", path.c_str(), res->status, res->body.c_str());
        [&] { QCOMPARE(res->status, expectedStatus); }();
        [&] { QCOMPARE(res->get_header_value("Content-Type"), std::string("application/json")); }();
        return json::parse(res->body);
    }
    json get(const std::string& path, int expectedStatus) {
        auto c = client();
        const auto res = c.Get(path);
        if (!res) return json{{"transport_error", httplib::to_string(res.error())}};
        [&] { QCOMPARE(res->status, expectedStatus); }();
        return json::parse(res->body);
    }
    json digitJson(std::size_t i) const { return json(digits_[i]); }

private slots:
    void initTestCase() {
        digits_ = testing::mnistDigits(16);
        reference_ = testing::mnistModel();
        expected_ = testing::expectedOutputs(reference_, digits_);
        service_ = std::make_shared<InferenceService>(testing::mnistModel(), "mnist", 2);
        ServeOptions options;
        options.restPort = 0;
        options.maxRequestBytes = 256 * 1024;
        options.maxBatch = 64;
        server_ = std::make_unique<RestServer>(service_, options, stats_);
        server_->start();
        QVERIFY(server_->port() > 0);
    }
    void cleanupTestCase() { server_->stop(); }

    void tfServingStatusAndMetadata() {
        const auto status = get("/v1/models/mnist", 200);
        QCOMPARE(status["model_version_status"][0]["state"], json("AVAILABLE"));
        const auto metadata = get("/v1/models/mnist/metadata", 200);
        QCOMPARE(metadata["model_spec"]["name"], json("mnist"));
        const auto& input = metadata["metadata"]["signature_def"]["signature_def"]["serving_default"]["inputs"]["input"];
        QCOMPARE(input["dtype"], json("DT_FLOAT"));
        QCOMPARE(input["tensor_shape"]["dim"].size(), std::size_t{4});
        QCOMPARE(input["tensor_shape"]["dim"][0]["size"], json("-1"));
        QCOMPARE(input["tensor_shape"]["dim"][3]["size"], json("28"));
        get("/v1/models/mnist/versions/1", 200);
    }

    void tfServingPredictsLikeTheCli() {
        json instances = json::array();
        for (std::size_t i = 0; i < 4; ++i) instances.push_back(digitJson(i));
        const auto reply = post("/v1/models/mnist:predict", {{"instances", instances}}, 200);
        QCOMPARE(reply["predictions"].size(), std::size_t{4});
        for (std::size_t i = 0; i < 4; ++i) QVERIFY(maxDifference(reply["predictions"][i], expected_[i]) < 1e-5);
    }

    void tfServingAcceptsNestedNamedColumnarAndBase64() {
        // One digit as a 1×28×28 nested list, inside a named-input object.
        json nested = json::array();
        json plane = json::array();
        for (int y = 0; y < 28; ++y)
            plane.push_back(std::vector<float>(digits_[5].begin() + y * 28, digits_[5].begin() + (y + 1) * 28));
        nested.push_back(plane);
        auto reply = post("/v1/models/mnist:predict", {{"instances", {{{"input", nested}}}}}, 200);
        QVERIFY(maxDifference(reply["predictions"][0], expected_[5]) < 1e-5);

        reply = post("/v1/models/mnist:predict", {{"inputs", {digitJson(6), digitJson(7)}}}, 200);
        QVERIFY(maxDifference(reply["outputs"][1], expected_[7]) < 1e-5);

        const json b64{{"b64", base64(testing::encodePng(digits_[8]))}};
        reply = post("/v1/models/mnist:predict", {{"signature_name", "serving_default"}, {"instances", {b64}}}, 200);
        QVERIFY(maxDifference(reply["predictions"][0], expected_[8]) < 1e-5);
        post("/v1/models/mnist/versions/1:predict", {{"instances", {digitJson(0)}}}, 200);
    }

    void kserveHealthAndMetadata() {
        QCOMPARE(get("/v2/health/live", 200)["live"], json(true));
        QCOMPARE(get("/v2/health/ready", 200)["ready"], json(true));
        QCOMPARE(get("/v2", 200)["name"], json("netwright"));
        const auto metadata = get("/v2/models/mnist", 200);
        QCOMPARE(metadata["inputs"][0]["name"], json("input"));
        QCOMPARE(metadata["inputs"][0]["datatype"], json("FP32"));
        QCOMPARE(metadata["inputs"][0]["shape"], json({-1, 1, 28, 28}));
        QCOMPARE(metadata["outputs"][0]["shape"], json({-1, 10}));
        QCOMPARE(get("/v2/models/mnist/ready", 200)["ready"], json(true));
        get("/v2/models/mnist/versions/1", 200);
    }

    void kserveInfersLikeTheCli() {
        std::vector<float> flat;
        for (std::size_t i = 0; i < 3; ++i) flat.insert(flat.end(), digits_[i].begin(), digits_[i].end());
        const json request{{"id", "req-42"},
                           {"inputs", {{{"name", "input"}, {"shape", {3, 1, 28, 28}}, {"datatype", "FP32"}, {"data", flat}}}},
                           {"outputs", {{{"name", "output"}}}}};
        const auto reply = post("/v2/models/mnist/infer", request, 200);
        QCOMPARE(reply["id"], json("req-42"));
        QCOMPARE(reply["model_name"], json("mnist"));
        const auto& output = reply["outputs"][0];
        QCOMPARE(output["shape"], json({3, 10}));
        QCOMPARE(output["datatype"], json("FP32"));
        for (std::size_t i = 0; i < 3; ++i) {
            const json row(std::vector<float>(output["data"].begin() + i * 10, output["data"].begin() + (i + 1) * 10));
            QVERIFY(maxDifference(row, expected_[i]) < 1e-5);
        }
        const json images{{"inputs",
                           {{{"name", "input"},
                             {"shape", {2}},
                             {"datatype", "BYTES"},
                             {"data", {base64(testing::encodePng(digits_[9])), base64(testing::encodePng(digits_[10]))}}}}}};
        const auto imageReply = post("/v2/models/mnist/versions/1/infer", images, 200);
        const auto& data = imageReply["outputs"][0]["data"];
        QVERIFY(maxDifference(json(std::vector<float>(data.begin() + 10, data.end())), expected_[10]) < 1e-5);
    }

    void refusalsAreJsonErrors() {
        auto c = client();
        auto res = c.Post("/v1/models/mnist:predict", "{\"instances\": [1, 2", "application/json");
        QCOMPARE(res->status, 400);
        QVERIFY(json::parse(res->body)["error"].get<std::string>().find("not valid JSON") != std::string::npos);

        auto error = [](const json& reply) { return reply["error"].get<std::string>(); };
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", {{1, 2, 3}}}}, 400)).find("784") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", {"seven"}}}, 400)).find("string") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", {{{"b64", "!!"}}}}}, 400)).find("base64") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", {{{"b64", base64("not an image")}}}}}, 400))
                    .find("decode") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"rows", {}}}, 400)).find("instances") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", json::array()}, {"signature_name", "other"}}, 400))
                    .find("signature_name") != std::string::npos);
        QVERIFY(error(post("/v1/models/mnist:predict", {{"instances", std::vector<json>(65, digitJson(0))}}, 400))
                    .find("at most 64") != std::string::npos);
        QVERIFY(error(post("/v1/models/fashion:predict", {{"instances", {digitJson(0)}}}, 404)).find("'mnist'") != std::string::npos);
        QVERIFY(error(get("/v2/models/fashion", 404)).find("fashion") != std::string::npos);
        QVERIFY(error(get("/v3/anything", 404)).find("no such endpoint") != std::string::npos);

        const json wrongShape{{"inputs", {{{"name", "input"}, {"shape", {2, 784}}, {"datatype", "FP32"}, {"data", digits_[0]}}}}};
        QVERIFY(error(post("/v2/models/mnist/infer", wrongShape, 400)).find("carries 784") != std::string::npos);
        const json wrongName{{"inputs", {{{"name", "pixels"}, {"shape", {1, 784}}, {"datatype", "FP32"}, {"data", digits_[0]}}}}};
        QVERIFY(error(post("/v2/models/mnist/infer", wrongName, 400)).find("unknown input") != std::string::npos);
        const json wrongType{{"inputs", {{{"name", "input"}, {"shape", {1, 784}}, {"datatype", "STRING"}, {"data", digits_[0]}}}}};
        QVERIFY(error(post("/v2/models/mnist/infer", wrongType, 400)).find("datatype") != std::string::npos);
        const json perSample{{"inputs", {{{"name", "input"}, {"shape", {2, 392}}, {"datatype", "FP32"}, {"data", digits_[0]}}}}};
        QVERIFY(error(post("/v2/models/mnist/infer", perSample, 400)).find("values per sample") != std::string::npos);
        json wrongOutput = wrongShape;
        wrongOutput["inputs"][0]["shape"] = {1, 784};
        wrongOutput["outputs"] = {{{"name", "logits"}}};
        QVERIFY(error(post("/v2/models/mnist/infer", wrongOutput, 400)).find("logits") != std::string::npos);
        QVERIFY(error(post("/v2/models/mnist/infer", json::array(), 400)).find("object") != std::string::npos);

        // Nesting that would cost memory out of proportion to the body's size.
        res = c.Post("/v1/models/mnist:predict", "{\"instances\": " + std::string(200, '[') + std::string(200, ']') + "}",
                     "application/json");
        QCOMPARE(res->status, 400);
        QVERIFY(json::parse(res->body)["error"].get<std::string>().find("nested") != std::string::npos);
    }

    void anOversizedBodyIsRefusedUnread() {
        // Announces 50 MB and sends none of it: the refusal must come at once, not after a
        // read that would wait for (or buffer) the whole body.
        const std::string headers = "POST /v1/models/mnist:predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"instances\": [";
        QElapsedTimer timer;
        timer.start();
        const std::string reply = rawExchange(server_->port(), headers, 10);
        QVERIFY2(reply.rfind("HTTP/1.1 413", 0) == 0, reply.c_str());
        QVERIFY(reply.find("over this server's limit") != std::string::npos);
        QVERIFY(timer.elapsed() < 5000);

        const std::string chunked = "POST /v1/models/mnist:predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
        QVERIFY(rawExchange(server_->port(), chunked, 10).rfind("HTTP/1.1 411", 0) == 0);
    }

    void concurrentClientsGetTheirOwnPredictions() {
        std::atomic<int> wrong{0}, failed{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 8; ++t)
            clients.emplace_back([&, t] {
                httplib::Client c("127.0.0.1", server_->port());
                for (int r = 0; r < 12; ++r) {
                    const std::size_t i = static_cast<std::size_t>(t + r) % digits_.size();
                    const auto res = c.Post("/v1/models/mnist:predict", json{{"instances", {digits_[i]}}}.dump(), "application/json");
                    if (!res || res->status != 200) {
                        ++failed;
                        continue;
                    }
                    if (maxDifference(json::parse(res->body)["predictions"][0], expected_[i]) > 1e-5) ++wrong;
                }
            });
        for (auto& c : clients) c.join();
        QCOMPARE(failed.load(), 0);
        QCOMPARE(wrong.load(), 0);
    }

    void statsCountRequestsAndFailures() {
        const auto before = stats_.restRequests.load();
        const auto failedBefore = stats_.failedRequests.load();
        const auto samplesBefore = stats_.samplesPredicted.load();
        get("/v2/health/live", 200);
        get("/v2/models/nope", 404);
        post("/v1/models/mnist:predict", {{"instances", {digitJson(0), digitJson(1)}}}, 200);
        QCOMPARE(stats_.restRequests.load(), before + 3);
        QCOMPARE(stats_.failedRequests.load(), failedBefore + 1);
        QCOMPARE(stats_.samplesPredicted.load(), samplesBefore + 2);
    }

    void aTokenGuardsEverythingButHealth() {
        ServeOptions options;
        options.restPort = 0;
        options.token = "s3cret-token";
        ServeStats stats;
        RestServer guarded(service_, options, stats);
        guarded.start();
        httplib::Client c("127.0.0.1", guarded.port());
        QCOMPARE(c.Get("/v2/health/ready")->status, 200);
        auto res = c.Get("/v2/models/mnist");
        QCOMPARE(res->status, 401);
        QVERIFY(json::parse(res->body)["error"].get<std::string>().find("Bearer") != std::string::npos);
        QCOMPARE(c.Get("/v2/models/mnist", {{"Authorization", "Bearer wrong"}})->status, 401);
        QCOMPARE(c.Get("/v2/models/mnist", {{"Authorization", "s3cret-token"}})->status, 401);
        res = c.Post("/v1/models/mnist:predict", {{"Authorization", "Bearer s3cret-token"}},
                     json{{"instances", {digits_[0]}}}.dump(), "application/json");
        QCOMPARE(res->status, 200);
        guarded.stop();
        guarded.stop();
    }

    void optionsAreCheckedBeforeServing() {
        ServeOptions open;
        open.host = "0.0.0.0";
        QVERIFY(throwsWith<nw::Error>([&] { checkServeOptions(open); }, {"0.0.0.0", "--token"}));
        open.token = "t";
        checkServeOptions(open);
        QVERIFY(isLoopbackHost("127.0.0.1") && isLoopbackHost("127.1.2.3") && isLoopbackHost("localhost"));
        QVERIFY(!isLoopbackHost("10.0.0.1") && !isLoopbackHost("example.org"));
        ServeOptions busy;
        busy.restPort = server_->port();
        ServeStats stats;
        RestServer second(service_, busy, stats);
        QVERIFY(throwsWith<nw::Error>([&] { second.start(); }, {std::to_string(server_->port()).c_str()}));
        QVERIFY(bearerTokenMatches("Bearer abc", "abc") && !bearerTokenMatches("Bearer abd", "abc"));
        QVERIFY(bearerTokenMatches("", ""));
    }

    void pythonsStandardClientGetsTheSamePredictions() {
        if (QProcess::execute("/usr/bin/python3", {"-c", "import http.client"}) != 0) QSKIP("no /usr/bin/python3");
        QTemporaryDir dir;
        json expected = json::array();
        for (std::size_t i = 0; i < 4; ++i) expected.push_back({{"digit", digits_[i]}, {"png", base64(testing::encodePng(digits_[i]))}, {"output", expected_[i]}});
        const QString cases = dir.filePath("cases.json");
        std::ofstream(cases.toStdString()) << expected.dump();
        QProcess python;
        python.start("/usr/bin/python3", {QFINDTESTDATA("serve/rest_client.py"), QString::number(server_->port()), "mnist", cases});
        QVERIFY(python.waitForFinished(60000));
        const QByteArray out = python.readAllStandardOutput() + python.readAllStandardError();
        QVERIFY2(python.exitCode() == 0, out.constData());
        QVERIFY(out.contains("all checks passed"));
    }
};

QTEST_GUILESS_MAIN(TestRestServer)
#include "test_rest_server.moc"
