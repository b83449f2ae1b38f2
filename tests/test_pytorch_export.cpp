// PyTorch export (core/export/PyTorchExport.h): the generated program computes what the
// model computes (within 1e-4 of predictRaw on real MNIST digits) for the presets and for a
// network using every layer kind, its training loop runs, and the weights are standard
// safetensors. The parts that run Python are skipped where PyTorch is not installed.
#include <QtTest>

#include "TestDatasets.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "ExpectError.h"
#include "common/Error.h"
#include "data/DatasetCatalog.h"
#include "export/PyTorchExport.h"
#include "io/ModelFile.h"
#include "train/Evaluation.h"
#include "train/Presets.h"
#include "train/Trainer.h"

using namespace nw;
using nlohmann::json;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
constexpr int kCompared = 64;  // MNIST test images whose outputs are compared

// BatchNorm after a convolution and after a dense layer, dropout, both poolings, "same"
// padding that is even (3x3, stride 1) and uneven (stride 2: the odd pixel at the end, which
// PyTorch's own padding cannot express), and leaky_relu, tanh and sigmoid.
json everyLayerSpec() {
    return json::parse(R"({"name": "every-layer", "layers": [
        {"type": "conv2d", "filters": 6, "kernel_size": 3, "padding": "same"},
        {"type": "batchnorm", "momentum": 0.9},
        {"type": "leaky_relu", "alpha": 0.2},
        {"type": "conv2d", "filters": 8, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "tanh",
         "initializer": "he_uniform"},
        {"type": "maxpool2d", "pool_size": 2, "strides": 1, "padding": "same"},
        {"type": "avgpool2d", "pool_size": 3, "strides": 2, "padding": "same"},
        {"type": "avgpool2d", "pool_size": 2, "strides": 1},
        {"type": "flatten"},
        {"type": "dense", "units": 32, "activation": "sigmoid"},
        {"type": "batchnorm"},
        {"type": "dropout", "rate": 0.3},
        {"type": "dense", "units": 10, "activation": "softmax"}]})");
}

struct Trained {
    std::unique_ptr<Model> model;
    ModelMetadata metadata;
};

struct PythonRun {
    int exitCode = -1;
    QString out, err;
};

// The first `samples` training images of a set, for a short run.
Dataset firstSamples(const Dataset& full, std::size_t samples) {
    Dataset d;
    d.name = full.name;
    d.task = full.task;
    d.sampleShape = full.sampleShape;
    d.classNames = full.classNames;
    d.normalization = full.normalization;
    d.preferredNormalization = full.preferredNormalization;
    std::vector<std::size_t> indices(samples);
    for (std::size_t i = 0; i < samples; ++i) indices[i] = i;
    d.train = full.train.subset(indices);
    return d;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class PyTorchExportTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QProcess probe;
        probe.start(kPython, {"-c", "import torch"});
        torchAvailable_ = probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
        DatasetOptions options;
        options.dataDir = nw::testing::dataDir().toStdString();
        try {
            mnist_ = loadDataset("mnist", options);
        } catch (const Error& e) {
            qWarning("MNIST is not available (%s)", e.what());
        }
        QVERIFY(dir_.isValid());
    }

    void mlpPresetMatchesNetwright() {
        requirePythonAndMnist();
        const Preset preset = makePreset("mlp", *mnist_);
        Trained mlp = trainBriefly(preset.spec, preset.training, 2000);
        const QString script = exportTo(mlp, "mlp.py");
        compareOutputs(mlp, predictOnTestImages(script));

        // evaluate reads the whole test split and must agree with the engine's accuracy.
        const PythonRun run = python({script, "evaluate", "--data", mnistFolder()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const auto loss = makeLoss(mlp.metadata.training.loss);
        const Metrics metrics = evaluateModel(*mlp.model, mnist_->test, mlp.metadata.normalization, Task::Classification, *loss);
        const QRegularExpressionMatch m = QRegularExpression(R"(test: loss ([0-9.]+)\s+accuracy ([0-9.]+))").match(run.out);
        QVERIFY2(m.hasMatch(), qPrintable(run.out));
        QVERIFY2(std::abs(m.captured(2).toDouble() - *metrics.accuracy) <= 2e-4, qPrintable(run.out));
        QVERIFY2(std::abs(m.captured(1).toDouble() - metrics.loss) <= 1e-3, qPrintable(run.out));
    }

    void cnnPresetMatchesNetwright() {
        requirePythonAndMnist();
        const Preset cnn = makePreset("cnn", *mnist_);
        Trained trained = trainBriefly(cnn.spec, cnn.training, 2000);
        compareOutputs(trained, predictOnTestImages(exportTo(trained, "cnn.py")));
    }

    void everyLayerKindMatchesNetwright() {
        requirePythonAndMnist();
        TrainingConfig config = makePreset("mlp", *mnist_).training;
        config.optimizer.kind = "sgd";
        config.optimizer.momentum = 0.9f;
        config.optimizer.nesterov = true;
        config.schedule.kind = "cosine";
        config.schedule.baseRate = 0.05;
        config.normalization = "per-feature";  // 784 offsets and scales
        Trained trained = trainBriefly(everyLayerSpec(), config, 1500);
        const QString script = exportTo(trained, "every_layer.py");
        compareOutputs(trained, predictOnTestImages(script));

        // The same images as raw CSV rows, the way a user would hand them over.
        const QString csv = dir_.filePath("digits.csv");
        std::ofstream out(csv.toStdString());
        for (int i = 0; i < kCompared; ++i) {
            const auto raw = mnist_->test.rawSample(i);
            for (std::size_t v = 0; v < raw.size(); ++v) out << (v ? "," : "") << raw[v];
            out << "\n";
        }
        out.close();
        const PythonRun run = python({script, "predict", csv});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        compareOutputs(trained, outputsOf(run.out));
    }

    // One short epoch of the exported loop on this network (BatchNorm in training mode,
    // dropout, the uneven pooling), then predictions from the weights it saved.
    void exportedTrainingRunsAndSavesWeights() {
        requirePythonAndMnist();
        Trained trained = trainBriefly(everyLayerSpec(), makePreset("mlp", *mnist_).training, 500);
        const QString script = exportTo(trained, "retrain.py");
        const QString weights = dir_.filePath("retrained.safetensors");
        const PythonRun run =
            python({script, "train", "--data", mnistFolder(), "--limit", "600", "--epochs", "1", "--output", weights});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        QVERIFY2(run.out.contains("epoch 1/1") && run.out.contains("val_accuracy") && run.out.contains("test: loss"),
                 qPrintable(run.out));
        QVERIFY(QFileInfo::exists(weights));
        const PythonRun predict = python({script, "predict", "--weights", weights, "--mnist-test", "3", "--data", mnistFolder()});
        QVERIFY2(predict.exitCode == 0, qPrintable(predict.err));
        QCOMPARE(outputsOf(predict.out).size(), std::size_t{3});
    }

    void safetensorsHeaderDescribesTheTensors() {
        Model model(everyLayerSpec(), {1, 28, 28}, 7);
        ModelMetadata metadata = metadataFor(nw::testing::mnistShaped(), Normalization::scaled(1.0f / 255.0f),
                                             TrainingConfig{}, {});
        const auto files = exportPyTorch(model, metadata, dir_.filePath("header.py").toStdString());
        QCOMPARE(QString::fromStdString(files.weights), dir_.filePath("header.safetensors"));
        const QByteArray bytes = readAll(QString::fromStdString(files.weights));
        QVERIFY(bytes.size() > 8);
        std::uint64_t length = 0;
        for (int i = 0; i < 8; ++i) length |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
        QCOMPARE((8 + length) % 8, std::uint64_t{0});  // the data is aligned
        const json header = json::parse(bytes.mid(8, static_cast<int>(length)).toStdString());
        QCOMPARE(header["__metadata__"]["format"].get<std::string>(), std::string("pt"));

        // Every tensor of the model, in order, back to back, up to the end of the file.
        std::uint64_t offset = 0;
        const auto named = model.namedTensors();
        for (const auto& entry : named) offset += entry.second->size() * sizeof(float);
        QCOMPARE(header.size(), named.size() + 1);
        std::uint64_t expectedBegin = 0;
        std::vector<std::pair<std::uint64_t, json>> byOffset;
        for (const auto& [name, info] : header.items())
            if (name != "__metadata__") byOffset.emplace_back(info["data_offsets"][0].get<std::uint64_t>(), info);
        std::sort(byOffset.begin(), byOffset.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [begin, info] : byOffset) {
            QCOMPARE(info["dtype"].get<std::string>(), std::string("F32"));
            QCOMPARE(begin, expectedBegin);
            std::uint64_t count = 1;
            for (const auto& d : info["shape"]) count *= d.get<std::uint64_t>();
            expectedBegin = info["data_offsets"][1].get<std::uint64_t>();
            QCOMPARE(expectedBegin - begin, count * sizeof(float));
        }
        QCOMPARE(expectedBegin, offset);
        QCOMPARE(static_cast<std::uint64_t>(bytes.size()), 8 + length + offset);

        // Dense weights are stored as nn.Linear keeps them, (units, inputs): the transpose.
        const auto& dense = header["dense9.weight"];
        QCOMPARE(dense["shape"], json({32, 288}));
        const auto [wName, w] = model.namedTensors()[8];  // layer 9's weights, (288, 32)
        QCOMPARE(wName, std::string("8.weights"));
        const auto at = [&](std::uint64_t index) {
            float v;
            std::memcpy(&v, bytes.constData() + 8 + length + dense["data_offsets"][0].get<std::uint64_t>() + 4 * index, 4);
            return v;
        };
        QCOMPARE(at(5 * 288 + 17), (*w)[17 * 32 + 5]);
        QCOMPARE(header["batchnorm2.running_var"]["shape"], json({6}));
        QCOMPARE(header["conv4.weight"]["shape"], json({8, 6, 3, 3}));
    }

    void unwritablePathThrowsNamingIt() {
        Model model(makePreset("tiny", nw::testing::mnistShaped()).spec, {1, 28, 28}, 1);
        const ModelMetadata metadata = metadataFor(nw::testing::mnistShaped(), Normalization::identity(), TrainingConfig{}, {});
        const std::string path = "/nonexistent-netwright-folder/sub/model.py";
        QVERIFY(nw::testing::throwsWith<Error>([&] { exportPyTorch(model, metadata, path); }, {path.c_str()}));
        const std::string weightsName = dir_.filePath("model.safetensors").toStdString();
        QVERIFY(nw::testing::throwsWith<Error>([&] { exportPyTorch(model, metadata, weightsName); }, {weightsName.c_str()}));
    }

private:
    void requirePythonAndMnist() {
        if (!torchAvailable_) QSKIP("/usr/bin/python3 cannot import torch: install python3-torch to check the exported program");
        if (!mnist_) QSKIP("MNIST is not installed in the data folder: run ./scripts/setup.sh");
    }

    QString mnistFolder() const { return nw::testing::dataDir() + "/mnist"; }

    Trained trainBriefly(const json& spec, TrainingConfig config, std::size_t samples) {
        const Dataset data = firstSamples(*mnist_, samples);
        config.epochs = 1;
        Trained t{std::make_unique<Model>(spec, data.sampleShape, 3), {}};
        Trainer trainer(*t.model, data, config);
        const TrainingResult result = trainer.run();
        if (result.status != TrainingResult::Status::Completed) throw Error("training failed: " + result.message);
        t.metadata = metadataFor(data, trainer.normalization(), config, result.history);
        return t;
    }

    QString exportTo(Trained& t, const QString& name) {
        const auto files = exportPyTorch(*t.model, t.metadata, dir_.filePath(name).toStdString());
        return QString::fromStdString(files.script);
    }

    PythonRun python(const QStringList& arguments) {
        QProcess process;
        process.start(kPython, arguments);
        PythonRun run;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            run.err = "timed out";
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    std::vector<std::vector<double>> predictOnTestImages(const QString& script) {
        const PythonRun run = python({script, "predict", "--mnist-test", QString::number(kCompared), "--data", mnistFolder()});
        if (run.exitCode != 0) qWarning("%s", qPrintable(run.err));
        return outputsOf(run.out);
    }

    static std::vector<std::vector<double>> outputsOf(const QString& jsonLines) {
        std::vector<std::vector<double>> outputs;
        std::istringstream lines(jsonLines.toStdString());
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) outputs.push_back(json::parse(line)["outputs"].get<std::vector<double>>());
        return outputs;
    }

    // The engine's predictions for the same raw test images, against the program's.
    void compareOutputs(Trained& t, const std::vector<std::vector<double>>& python) {
        QCOMPARE(python.size(), std::size_t{kCompared});
        std::vector<std::vector<float>> raw;
        for (int i = 0; i < kCompared; ++i) raw.push_back(mnist_->test.rawSample(i));
        const auto expected = predictRaw(*t.model, raw, t.metadata.normalization);
        double worst = 0.0;
        for (int i = 0; i < kCompared; ++i) {
            QCOMPARE(python[i].size(), expected[i].size());
            for (std::size_t k = 0; k < expected[i].size(); ++k) worst = std::max(worst, std::abs(python[i][k] - expected[i][k]));
        }
        qInfo("%s: largest difference from Netwright %.3g", qPrintable(QString::fromStdString(t.model->name())), worst);
        QVERIFY2(worst <= 1e-4, qPrintable(QString("largest difference %1").arg(worst)));
    }

    bool torchAvailable_ = false;
    std::optional<Dataset> mnist_;
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(PyTorchExportTest)
#include "test_pytorch_export.moc"
