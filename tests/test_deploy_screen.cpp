// The Deploy screen driven as a user would: it says what to do before there is a model,
// shows the model trained in the window (a few hundred real MNIST digits), saves and opens
// model files, exports ONNX (checked in OpenCV's DNN module) and PyTorch, serves the model, and the curl commands it displays
// answer as displayed; the token, a busy port, newer weights and closing the window while
// serving all behave.
#include <QtTest>

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <fstream>
#include <memory>

#include "CallExamplesPanel.h"
#include "DeployScreen.h"
#include "DeployedModel.h"
#include "DeployedModelSummary.h"
#include "ExportPanel.h"
#include "MainWindow.h"
#include "ServerPanel.h"
#include "TestDatasets.h"
#include "TrainScreen.h"
#include "Workspace.h"
#include "data/DatasetCatalog.h"
#include "train/Evaluation.h"

#include <opencv2/dnn.hpp>

using namespace nw;
using namespace nw::ui;

namespace {

constexpr int kTrainSamples = 400;
constexpr int kTestSamples = 100;

// The first `count` records of an IDX file (big-endian header: magic, then one count per
// dimension), with the header's count rewritten.
void copyIdxPrefix(const QString& from, const QString& to, int count) {
    std::ifstream in(from.toStdString(), std::ios::binary);
    QVERIFY2(in, qPrintable(from));
    unsigned char magic[4];
    in.read(reinterpret_cast<char*>(magic), 4);
    const int dims = magic[3];
    std::vector<std::uint32_t> shape(static_cast<std::size_t>(dims));
    for (auto& d : shape) {
        unsigned char b[4];
        in.read(reinterpret_cast<char*>(b), 4);
        d = (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
    }
    std::size_t recordSize = 1;
    for (int i = 1; i < dims; ++i) recordSize *= shape[static_cast<std::size_t>(i)];
    shape[0] = static_cast<std::uint32_t>(count);
    std::ofstream out(to.toStdString(), std::ios::binary);
    out.write(reinterpret_cast<const char*>(magic), 4);
    for (const auto d : shape) {
        const unsigned char b[4] = {static_cast<unsigned char>(d >> 24), static_cast<unsigned char>(d >> 16),
                                    static_cast<unsigned char>(d >> 8), static_cast<unsigned char>(d)};
        out.write(reinterpret_cast<const char*>(b), 4);
    }
    std::vector<char> records(recordSize * static_cast<std::size_t>(count));
    in.read(records.data(), static_cast<std::streamsize>(records.size()));
    out.write(records.data(), static_cast<std::streamsize>(records.size()));
}

// Runs a displayed command as a user pasting it into bash would; returns its stdout.
QByteArray runInBash(const QString& command) {
    QProcess bash;
    bash.start("bash", {"-c", command});
    if (!bash.waitForFinished(30000) || bash.exitCode() != 0) return {};
    return bash.readAllStandardOutput();
}

QJsonObject jsonOf(const QByteArray& text) { return QJsonDocument::fromJson(text).object(); }

bool portIsFree(int port) {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, static_cast<quint16>(port));
}

quint64 counter(ServerPanel* panel, const char* name) { return panel->counterLabel(name)->text().remove(',').toULongLong(); }

}  // namespace

class DeployScreenTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<MainWindow> window_;  // mlp trained on a few hundred MNIST digits
    QString modelFile_;

    static bool hasCurl() { return !QStandardPaths::findExecutable("curl").isEmpty(); }

    // A window on MNIST's first digits with the mlp preset, trained for `epochs`.
    std::unique_ptr<MainWindow> trainedWindow(int epochs) {
        auto window = std::make_unique<MainWindow>(nw::testing::dataDir());
        window->setDialogsEnabled(false);
        QSignalSpy ready(window.get(), &MainWindow::workspaceReady);
        window->show();
        window->loadDataset(dir_.filePath("mnist-small"), "mlp");
        if (!QTest::qWaitFor([&] { return ready.count() == 1; }, 30000)) return nullptr;
        train(window.get(), epochs);
        return window;
    }

    static void train(MainWindow* window, int epochs) {
        Workspace& ws = window->workspace();
        TrainingConfig c = ws.trainingConfig();
        c.epochs = epochs;
        c.threads = 1;
        c.validationSplit = 0.1;
        ws.setTrainingConfig(c);
        QVERIFY(ws.startRun());
        QTRY_VERIFY_WITH_TIMEOUT(!ws.isTraining(), 60000);
    }

    static ServerPanel* serverOf(MainWindow* window) { return window->deployScreen()->serverPanel(); }

    // Any free ports: parallel test runs and a developer's own server stay out of the way.
    static void useFreePorts(ServerPanel* server) {
        server->restPortSpin()->setValue(0);
        server->grpcPortSpin()->setValue(0);
    }

    // The exported file, run by OpenCV's DNN module, against the trained model itself on real
    // test digits.
    void checkOnnxPredictsLikeTheModel(const QString& path) {
        DatasetOptions options;
        options.dataDir = nw::testing::dataDir().toStdString();
        const Dataset mnist = loadDataset("mnist", options);
        constexpr int kDigits = 32;
        std::vector<std::vector<float>> raw;
        cv::Mat batch(std::vector<int>{kDigits, 1, 28, 28}, CV_32F);
        for (int i = 0; i < kDigits; ++i) {
            raw.push_back(mnist.test.rawSample(static_cast<std::size_t>(i)));
            std::copy(raw.back().begin(), raw.back().end(), batch.ptr<float>() + i * 784);
        }
        const Workspace& ws = window_->workspace();
        const auto expected = predictRaw(*ws.trainedModel(), raw, ws.trainedNormalization());
        cv::dnn::Net net = cv::dnn::readNetFromONNX(path.toStdString());
        net.setInput(batch);
        const cv::Mat out = net.forward();
        QCOMPARE(out.size[0], kDigits);
        double worst = 0;
        for (int i = 0; i < kDigits; ++i)
            for (int c = 0; c < 10; ++c)
                worst = std::max(worst, std::abs(double(out.at<float>(i, c)) - expected[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)]));
        QVERIFY2(worst <= 1e-4, qPrintable(QString("largest difference %1").arg(worst)));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("NetwrightTests");
        QCoreApplication::setApplicationName("test_deploy_screen");
        QSettings().clear();
        const QString mnist = nw::testing::dataDir() + "/mnist/";
        const QString small = dir_.filePath("mnist-small");
        QVERIFY(QDir().mkpath(small));
        copyIdxPrefix(mnist + "train-images-idx3-ubyte", small + "/train-images-idx3-ubyte", kTrainSamples);
        copyIdxPrefix(mnist + "train-labels-idx1-ubyte", small + "/train-labels-idx1-ubyte", kTrainSamples);
        copyIdxPrefix(mnist + "t10k-images-idx3-ubyte", small + "/t10k-images-idx3-ubyte", kTestSamples);
        copyIdxPrefix(mnist + "t10k-labels-idx1-ubyte", small + "/t10k-labels-idx1-ubyte", kTestSamples);
        window_ = trainedWindow(3);
        QVERIFY(window_);
        QVERIFY(window_->workspace().trainedModel());
    }

    void cleanupTestCase() { window_.reset(); }

    void withoutAModelItSaysWhatToDo() {
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        window.show();
        QCOMPARE(window.tabs()->count(), 5);
        QCOMPARE(window.tabs()->tabText(4), QString("Deploy"));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.deployScreen()));
        DeployScreen* deploy = window.deployScreen();
        QVERIFY(deploy->showsEmptyState());
        QVERIFY(!deploy->model());
        auto* empty = deploy->findChild<QWidget*>("deployEmptyState");
        QVERIFY(empty && empty->isVisible());
        bool explains = false;
        for (auto* label : empty->findChildren<QLabel*>()) explains |= label->text().contains("Train screen");
        QVERIFY(explains);
        deploy->findChild<QPushButton*>("goToTrain")->click();
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.trainScreen()));
    }

    void showsTheTrainedModelAndMeasuresIt() {
        DeployScreen* deploy = window_->deployScreen();
        window_->tabs()->setCurrentWidget(deploy);
        QVERIFY(!deploy->showsEmptyState());
        QVERIFY(deploy->model());
        // A copy, not the Train screen's network.
        QVERIFY(deploy->model()->model != window_->workspace().trainedModel());
        DeployedModelSummary* summary = deploy->summary();
        QCOMPARE(summary->valueOf("name"), QString("mlp"));
        QVERIFY2(summary->valueOf("origin").contains("trained in this window"), qPrintable(summary->valueOf("origin")));
        QVERIFY(summary->valueOf("dataset").startsWith("mnist-small"));
        QVERIFY(summary->valueOf("input").startsWith("(1, 28, 28)"));
        QVERIFY(summary->valueOf("output").contains("10 classes"));
        QCOMPARE(summary->valueOf("parameters"), QString("118,282"));
        QVERIFY2(summary->valueOf("validation").endsWith("%"), qPrintable(summary->valueOf("validation")));
        QTRY_VERIFY_WITH_TIMEOUT(summary->valueOf("test").endsWith("%"), 20000);
        // Three epochs on 360 digits already beat chance by far.
        QVERIFY2(*deploy->model()->testAccuracy > 0.5, qPrintable(summary->valueOf("test")));
    }

    void savesAndOpensModelFiles() {
        DeployScreen* deploy = window_->deployScreen();
        modelFile_ = dir_.filePath("mlp.nwm");
        QVERIFY(deploy->saveModelFile(modelFile_));
        QVERIFY(QFileInfo(modelFile_).size() > 400000);
        QVERIFY(!deploy->messageLabel()->property("error").toBool());

        QFile corrupt(dir_.filePath("corrupt.nwm"));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("NWMODEL but not really");
        corrupt.close();
        const DeployedModel* before = deploy->model();
        QVERIFY(!deploy->openModelFile(corrupt.fileName()));
        QCOMPARE(deploy->model(), before);
        QVERIFY(deploy->messageLabel()->isVisible());
        QVERIFY2(deploy->messageLabel()->text().contains("corrupt.nwm"), qPrintable(deploy->messageLabel()->text()));

        QVERIFY(deploy->openModelFile(modelFile_));
        QCOMPARE(deploy->summary()->valueOf("origin"), QString("mlp.nwm"));
        // The trained model is one click away again, and then followed.
        auto* useTrained = deploy->findChild<QPushButton*>("useTrainedModel");
        QVERIFY(useTrained->isVisible());
        useTrained->click();
        QVERIFY(deploy->model()->isTrainedHere());
        QVERIFY(!useTrained->isVisible());
    }

    void exportsOnnxAndPyTorch() {
        ExportPanel* exports = window_->deployScreen()->exportPanel();
        QVERIFY(exports->onnxButton()->isEnabled());
        const QString onnx = dir_.filePath("exports/mlp.onnx");
        QVERIFY(QDir().mkpath(dir_.filePath("exports")));
        QVERIFY(exports->exportOnnxTo(onnx));
        QVERIFY(QFileInfo(onnx).size() > 400000);
        QVERIFY(exports->resultLabel()->isVisible());
        QVERIFY(exports->resultLabel()->text().contains("mlp.onnx"));
        QVERIFY(exports->resultLabel()->text().contains("onnxruntime"));
        checkOnnxPredictsLikeTheModel(onnx);

        const QString script = dir_.filePath("exports/mlp.py");
        QVERIFY(exports->exportPyTorchTo(script));
        QVERIFY(QFileInfo(script).size() > 1000);
        QVERIFY(QFileInfo(dir_.filePath("exports/mlp.safetensors")).size() > 400000);
        QVERIFY(exports->resultLabel()->text().contains("python3 mlp.py"));

        // A folder that does not exist: the reason on screen, no crash.
        QVERIFY(!exports->exportOnnxTo(dir_.filePath("missing/folder/mlp.onnx")));
        QVERIFY(exports->resultLabel()->property("error").toBool());
        QVERIFY2(exports->resultLabel()->text().contains("missing"), qPrintable(exports->resultLabel()->text()));
    }

    void theDisplayedCommandsAnswerAsDisplayed() {
        DeployScreen* deploy = window_->deployScreen();
        ServerPanel* server = serverOf(window_.get());
        useFreePorts(server);
        QVERIFY(server->startButton()->isEnabled());
        server->startButton()->click();
        QVERIFY2(server->isRunning(), qPrintable(server->errorLabel()->text()));
        const int restPort = server->callTarget().restPort;
        QVERIFY(restPort > 0);
        QVERIFY(server->callTarget().grpcPort > 0);
        QVERIFY(server->statusLabel()->text().contains(QString("http://127.0.0.1:%1").arg(restPort)));
        CallExamplesPanel* examples = deploy->callExamples();
        QCOMPARE(examples->command("health"), QString("curl -s http://127.0.0.1:%1/v2/health/ready").arg(restPort));
        // The example carries a real digit of the test split, written as a PNG.
        const ExampleInput& input = deploy->exampleInput();
        QVERIFY(input.isImage());
        QVERIFY(QFileInfo::exists(input.imagePath));
        QVERIFY(examples->command("tfserving").contains(input.imagePath));
        QVERIFY(examples->command("grpc").contains("GRPCInferenceServiceStub"));
        if (!hasCurl()) QSKIP("curl is not installed: the commands were not run");

        QCOMPARE(jsonOf(runInBash(examples->command("health")))["ready"].toBool(), true);
        // What the model predicts for the very same digit, computed here.
        Model& model = *deploy->model()->model;
        const auto expected = predictRaw(model, {input.values}, deploy->model()->metadata.normalization)[0];
        const QJsonArray predictions = jsonOf(runInBash(examples->command("tfserving")))["predictions"].toArray();
        QCOMPARE(predictions.size(), 1);
        QCOMPARE(predictions[0].toArray().size(), 10);
        for (int i = 0; i < 10; ++i) QVERIFY(std::abs(predictions[0].toArray()[i].toDouble() - expected[i]) < 1e-5);
        const QJsonArray outputs = jsonOf(runInBash(examples->command("kserve")))["outputs"].toArray();
        QCOMPARE(outputs.size(), 1);
        QCOMPARE(outputs[0].toObject()["data"].toArray().size(), 10);

        QTRY_COMPARE_WITH_TIMEOUT(counter(server, "restRequests"), quint64{3}, 2000);
        QCOMPARE(counter(server, "samplesPredicted"), quint64{2});
        QCOMPARE(counter(server, "failedRequests"), quint64{0});

        server->stopButton()->click();
        QVERIFY(!server->isRunning());
        QVERIFY(portIsFree(restPort));
    }

    void aTokenIsRequiredOffLoopbackAndSentByTheCommands() {
        ServerPanel* server = serverOf(window_.get());
        QVERIFY(!server->isRunning());
        server->tokenEdit()->clear();
        server->hostEdit()->setText("0.0.0.0");
        QVERIFY(!server->startButton()->isEnabled());
        QVERIFY(server->problemLabel()->isVisible());
        QVERIFY(server->problemLabel()->text().contains("token"));
        server->generateTokenButton()->click();
        const QString token = server->tokenEdit()->text();
        QCOMPARE(token.size(), 32);
        QVERIFY(server->startButton()->isEnabled());
        server->generateTokenButton()->click();
        QVERIFY(server->tokenEdit()->text() != token);

        // The token on loopback: the displayed commands send it, others are refused.
        server->hostEdit()->setText("127.0.0.1");
        useFreePorts(server);
        QVERIFY(server->start());
        CallExamplesPanel* examples = window_->deployScreen()->callExamples();
        QVERIFY(examples->command("tfserving").contains("Authorization: Bearer " + server->tokenEdit()->text()));
        QVERIFY(examples->command("grpc").contains("authorization"));
        if (hasCurl()) {
            QVERIFY(jsonOf(runInBash(examples->command("tfserving"))).contains("predictions"));
            QString withoutToken = examples->command("tfserving");
            withoutToken.remove(QRegularExpression(" \\\\\n  -H 'Authorization: [^']*'"));
            QVERIFY(!withoutToken.contains("Authorization"));
            QVERIFY(jsonOf(runInBash(withoutToken)).contains("error"));
            QTRY_COMPARE_WITH_TIMEOUT(counter(server, "failedRequests"), quint64{1}, 2000);
        }
        server->stop();
        server->tokenEdit()->clear();
    }

    void aBusyPortIsShownInline() {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        ServerPanel* server = serverOf(window_.get());
        server->restPortSpin()->setValue(squatter.serverPort());
        server->grpcCheck()->setChecked(false);
        QVERIFY(!server->start());
        QVERIFY(!server->isRunning());
        QVERIFY(server->errorLabel()->isVisible());
        QVERIFY2(server->errorLabel()->text().contains(QString::number(squatter.serverPort())),
                 qPrintable(server->errorLabel()->text()));
        server->grpcCheck()->setChecked(true);
    }

    void aRunningServerKeepsItsWeightsUntilRestarted() {
        DeployScreen* deploy = window_->deployScreen();
        ServerPanel* server = serverOf(window_.get());
        useFreePorts(server);
        QVERIFY(server->start());
        const Model* served = deploy->model()->model.get();
        train(window_.get(), 1);
        // The screen follows the new run; the server does not, and says so.
        QVERIFY(deploy->model()->model.get() != served);
        QVERIFY(server->isRunning());
        QVERIFY(server->restartButton()->isVisible());
        QVERIFY(server->findChild<QLabel*>("serverWeightsNote")->text().contains("started with"));
        server->restartButton()->click();
        QVERIFY(server->isRunning());
        QVERIFY(!server->restartButton()->isVisible());
        server->stop();
    }

    void tabularModelsGetARealRowInTheCommands() {
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.show();
        window.loadDataset("blobs", "mlp64");
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        train(&window, 1);
        DeployScreen* deploy = window.deployScreen();
        const ExampleInput& input = deploy->exampleInput();
        QVERIFY(!input.isImage());
        QCOMPARE(input.values.size(), std::size_t{2});
        ServerPanel* server = serverOf(&window);
        useFreePorts(server);
        QVERIFY(server->start());
        const QString row = QString::number(input.values[0], 'g', 7) + ", " + QString::number(input.values[1], 'g', 7);
        CallExamplesPanel* examples = deploy->callExamples();
        QVERIFY2(examples->command("tfserving").contains("[[" + row + "]]"), qPrintable(examples->command("tfserving")));
        QVERIFY(examples->command("kserve").contains("\"shape\": [1, 2]"));
        if (hasCurl()) {
            const auto expected = predictRaw(*deploy->model()->model, {input.values}, deploy->model()->metadata.normalization)[0];
            const QJsonArray predictions = jsonOf(runInBash(examples->command("tfserving")))["predictions"].toArray();
            QCOMPARE(predictions.size(), 1);
            QCOMPARE(predictions[0].toArray().size(), 3);
            for (int i = 0; i < 3; ++i) QVERIFY(std::abs(predictions[0].toArray()[i].toDouble() - expected[i]) < 1e-5);
            const QJsonArray outputs = jsonOf(runInBash(examples->command("kserve")))["outputs"].toArray();
            QCOMPARE(outputs[0].toObject()["data"].toArray().size(), 3);
        }
        server->stop();
    }

    void closingTheWindowWhileServingStopsTheServer() {
        auto window = std::make_unique<MainWindow>(nw::testing::dataDir());
        window->setDialogsEnabled(false);
        window->show();
        QVERIFY(!modelFile_.isEmpty());
        QVERIFY(window->deployScreen()->openModelFile(modelFile_));
        ServerPanel* server = serverOf(window.get());
        useFreePorts(server);
        QVERIFY(server->start());
        const int restPort = server->callTarget().restPort;
        const int grpcPort = server->callTarget().grpcPort;
        QVERIFY(!portIsFree(restPort));
        QVERIFY(window->close());
        QVERIFY(!server->isRunning());
        QVERIFY(portIsFree(restPort));
        QVERIFY(portIsFree(grpcPort));
        window.reset();
    }
};

QTEST_MAIN(DeployScreenTest)
#include "test_deploy_screen.moc"
