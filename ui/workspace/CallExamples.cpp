#include "CallExamples.h"

#include <QObject>
#include <QStringList>

namespace nw::ui {
namespace {

QString numberList(const std::vector<float>& values) {
    QStringList parts;
    for (const float v : values) parts << QString::number(v, 'g', 7);
    return parts.join(", ");
}

QString shapeList(const Shape& shape) {
    QStringList parts;
    for (const int d : shape) parts << QString::number(d);
    return parts.join(", ");
}

// A Python string literal (double quotes) of any text.
QString pythonString(QString text) {
    text.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + text + '"';
}

struct RequestParts {
    QString restBase;    // http://host:port
    QString auth;        // the token's -H option on a line of its own, or empty
    QString imageBase64; // image models: the shell expression that base64-encodes the image
    QString values;      // tabular models: the sample's numbers
    QString imagePath;
};

RequestParts requestParts(const CallTarget& t) {
    RequestParts p;
    p.restBase = QStringLiteral("http://%1:%2").arg(clientHost(t.host)).arg(t.restPort);
    if (!t.token.isEmpty()) p.auth = " \\\n  -H " + shellQuoted("Authorization: Bearer " + t.token);
    if (takesImages(t.inputShape)) {
        p.imagePath = t.input.isImage() ? t.input.imagePath : QStringLiteral("IMAGE.png");
        p.imageBase64 = "$(base64 -w0 " + shellQuoted(p.imagePath) + ")";
    } else {
        // Zeros only stand in when no loaded data fits the model; the note says so.
        p.values = numberList(t.input.empty() ? std::vector<float>(shapeSize(t.inputShape), 0.0f) : t.input.values);
    }
    return p;
}

QString inputNote(const CallTarget& t) {
    if (!t.input.empty()) return QObject::tr("The input is %1.").arg(t.input.description);
    if (takesImages(t.inputShape))
        return QObject::tr("Replace IMAGE.png with an image (it is resized to %1×%2); load the data the model was "
                           "trained on to get a real sample here.")
            .arg(t.inputShape[2])
            .arg(t.inputShape[1]);
    return QObject::tr("Zeros stand in for a sample; load the data the model was trained on to get a real one here.");
}

CallExample tfServingExample(const CallTarget& t, const RequestParts& p) {
    const QString body = p.imageBase64.isEmpty()
                             ? "-d " + shellQuoted("{\"instances\": [[" + p.values + "]]}")
                             : "-d \"{\\\"instances\\\": [{\\\"b64\\\": \\\"" + p.imageBase64 + "\\\"}]}\"";
    return {"tfserving", QObject::tr("Predict (TensorFlow Serving REST API)"),
            QStringLiteral("curl -s %1/v1/models/%2:predict%3 \\\n  %4").arg(p.restBase, t.modelName, p.auth, body),
            QObject::tr("Answers {\"predictions\": [[…]]}: the class probabilities of the sample. %1").arg(inputNote(t))};
}

CallExample kserveExample(const CallTarget& t, const RequestParts& p) {
    QString body;
    if (p.imageBase64.isEmpty()) {
        body = "-d " + shellQuoted(QStringLiteral("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, %1], \"datatype\": "
                                                  "\"FP32\", \"data\": [%2]}]}")
                                       .arg(shapeList(t.inputShape), p.values));
    } else {
        body = "-d \"{\\\"inputs\\\": [{\\\"name\\\": \\\"input\\\", \\\"shape\\\": [1], \\\"datatype\\\": "
               "\\\"BYTES\\\", \\\"data\\\": [\\\"" +
               p.imageBase64 + "\\\"]}]}\"";
    }
    return {"kserve", QObject::tr("Infer (KServe v2 / Open Inference Protocol)"),
            QStringLiteral("curl -s %1/v2/models/%2/infer%3 \\\n  %4").arg(p.restBase, t.modelName, p.auth, body),
            QObject::tr("Answers {\"outputs\": [{\"name\": \"output\", \"data\": […]}]}.")};
}

CallExample grpcExample(const CallTarget& t, const RequestParts& p) {
    const QString tensor =
        p.imageBase64.isEmpty()
            ? QStringLiteral("name=\"input\", datatype=\"FP32\", shape=[1, %1],\n"
                             "    contents=pb.InferTensorContents(fp32_contents=[%2]))")
                  .arg(shapeList(t.inputShape), p.values)
            : QStringLiteral("name=\"input\", datatype=\"BYTES\", shape=[1],\n"
                             "    contents=pb.InferTensorContents(bytes_contents=[open(%1, \"rb\").read()]))")
                  .arg(pythonString(p.imagePath));
    const QString metadata =
        t.token.isEmpty() ? QString() : QStringLiteral(",\n    metadata=[(\"authorization\", %1)]").arg(pythonString("Bearer " + t.token));
    const QString program =
        QStringLiteral(
            "# stubs: protoc -I. --python_out=. --grpc_out=. --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin grpc_predict_v2.proto\n"
            "python3 - <<'EOF'\n"
            "import grpc, grpc_predict_v2_pb2 as pb, grpc_predict_v2_pb2_grpc as rpc\n"
            "stub = rpc.GRPCInferenceServiceStub(grpc.insecure_channel(%1))\n"
            "tensor = pb.ModelInferRequest.InferInputTensor(%2\n"
            "reply = stub.ModelInfer(pb.ModelInferRequest(model_name=%3, inputs=[tensor])%4)\n"
            "print(list(reply.outputs[0].contents.fp32_contents))\n"
            "EOF")
            .arg(pythonString(QStringLiteral("%1:%2").arg(clientHost(t.host)).arg(t.grpcPort)), tensor,
                 pythonString(t.modelName), metadata);
    return {"grpc", QObject::tr("gRPC (KServe inference.GRPCInferenceService)"), program,
            QObject::tr("Port %1 speaks KServe's inference.GRPCInferenceService: ServerReady, ModelMetadata, ModelInfer "
                        "and the rest of grpc_predict_v2.proto. Needs python3-grpcio and stubs made from that file.")
                .arg(t.grpcPort)};
}

}  // namespace

QString clientHost(const QString& boundHost) {
    if (boundHost.isEmpty() || boundHost == "0.0.0.0") return QStringLiteral("127.0.0.1");
    if (boundHost == "::") return QStringLiteral("[::1]");
    return boundHost.contains(':') ? '[' + boundHost + ']' : boundHost;
}

QString shellQuoted(const QString& text) {
    QString quoted = text;
    quoted.replace('\'', "'\\''");
    return '\'' + quoted + '\'';
}

std::vector<CallExample> callExamples(const CallTarget& target) {
    const RequestParts parts = requestParts(target);
    std::vector<CallExample> examples{
        {"health", QObject::tr("Health"), QStringLiteral("curl -s %1/v2/health/ready").arg(parts.restBase),
         QObject::tr("Answers {\"ready\":true} while the server runs; health probes need no token.")},
        tfServingExample(target, parts),
        kserveExample(target, parts),
    };
    if (target.grpcPort >= 0) examples.push_back(grpcExample(target, parts));
    return examples;
}

}  // namespace nw::ui
