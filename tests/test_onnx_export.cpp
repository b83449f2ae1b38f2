// ONNX export cross-checked against an independent runtime: every exported model is run by
// OpenCV's dnn module on real MNIST digits and must give what Netwright's predictRaw gives.
#include <QtTest>

#include "TestDatasets.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>
#include <opencv2/dnn.hpp>

#include "ExpectError.h"
#include "common/Error.h"
#include "data/DatasetCatalog.h"
#include "export/OnnxExport.h"
#include "io/ModelFile.h"
#include "train/Evaluation.h"
#include "train/Presets.h"
#include "train/Trainer.h"

using namespace nw;
using nlohmann::json;

namespace {

struct TrainedModel {
    std::unique_ptr<Model> model;
    ModelMetadata metadata;
};

// How far ONNX and the core may differ: float rounding in a different summation order.
constexpr double kTolerance = 1e-4;

}  // namespace

class OnnxExportTest : public QObject {
    Q_OBJECT

    Dataset mnist_;
    std::vector<std::vector<float>> digits_;  // raw test images, pixel values 0..255
    QTemporaryDir dir_;

    std::string pathFor(const char* name) const { return dir_.filePath(name).toStdString(); }

    // One epoch over 1,280 digits, 40 batches: enough for the weights (and BatchNorm's
    // running statistics) to move well away from their initial values.
    TrainedModel train(const json& spec, TrainingConfig config) const {
        config.epochs = 1;
        config.batchSize = 32;
        config.validationSplit = 0.0;
        config.threads = 1;  // small batches gain nothing from threads, and a busy machine makes them wait
        auto model = std::make_unique<Model>(spec, mnist_.sampleShape, 7);
        Trainer trainer(*model, mnist_, config);
        const auto result = trainer.run();
        if (result.status != TrainingResult::Status::Completed) throw Error("training failed: " + result.message);
        return {std::move(model), metadataFor(mnist_, trainer.normalization(), config, result.history)};
    }

    // Exports the model, then runs the file through cv::dnn at several batch sizes (the
    // batch axis is symbolic) and returns the largest difference from predictRaw.
    double exportAndCompare(TrainedModel& trained, const char* file) const {
        const std::string path = pathFor(file);
        exportOnnx(*trained.model, trained.metadata, path);
        cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        double worst = 0.0;
        for (std::size_t batch : {std::size_t{7}, std::size_t{1}, digits_.size()}) {
            const std::vector<std::vector<float>> samples(digits_.begin(), digits_.begin() + batch);
            std::vector<int> dims{static_cast<int>(batch)};
            dims.insert(dims.end(), mnist_.sampleShape.begin(), mnist_.sampleShape.end());
            cv::Mat blob(dims, CV_32F);
            for (std::size_t i = 0; i < batch; ++i)
                std::copy(samples[i].begin(), samples[i].end(), blob.ptr<float>() + i * samples[i].size());
            net.setInput(blob, "input");
            const cv::Mat out = net.forward();
            const auto expected = predictRaw(*trained.model, samples, trained.metadata.normalization);
            const std::size_t width = expected.front().size();
            if (out.total() != batch * width || out.size[0] != static_cast<int>(batch))
                throw Error(std::string(file) + ": cv::dnn returned " + std::to_string(out.total()) + " values for batch " +
                            std::to_string(batch));
            for (std::size_t i = 0; i < batch; ++i)
                for (std::size_t k = 0; k < width; ++k)
                    worst = std::max(worst, std::abs(static_cast<double>(out.ptr<float>()[i * width + k]) - expected[i][k]));
        }
        qInfo("%s: cv::dnn and predictRaw differ by at most %g", file, worst);
        return worst;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        DatasetOptions options;
        options.dataDir = nw::testing::dataDir().toStdString();
        mnist_ = loadDataset("mnist", options);
        std::vector<std::size_t> first(1280);
        std::iota(first.begin(), first.end(), 0);
        mnist_.train = mnist_.train.subset(first);
        for (std::size_t i = 0; i < 32; ++i) digits_.push_back(mnist_.test.rawSample(i));
    }

    void mlpPresetMatches() {
        const Preset preset = makePreset("mlp", mnist_);
        TrainedModel trained = train(preset.spec, preset.training);
        const double difference = exportAndCompare(trained, "mlp.onnx");
        QVERIFY2(difference <= kTolerance, qPrintable(QString::number(difference)));
    }

    void cnnPresetMatches() {
        const Preset preset = makePreset("cnn", mnist_);
        TrainedModel trained = train(preset.spec, preset.training);
        QCOMPARE(trained.metadata.normalization.offset.size(), std::size_t{1});  // standardised: a real Sub
        const double difference = exportAndCompare(trained, "cnn.onnx");
        QVERIFY2(difference <= kTolerance, qPrintable(QString::number(difference)));
    }

    // BatchNorm after a convolution (per channel) and after a dense layer (per feature), with
    // running statistics from training; dropout in between; per-pixel input normalization.
    // The convolution's ReLU comes before its BatchNorm: zero-mean pixels through a linear
    // convolution would leave the running means at about zero, which would test nothing.
    void batchNormAndDropoutMatch() {
        const json spec{{"name", "bn"},
                        {"layers",
                         {{{"type", "conv2d"}, {"filters", 6}, {"kernel_size", 3}, {"padding", "same"}, {"activation", "relu"}},
                          {{"type", "batchnorm"}, {"momentum", 0.9}},
                          {{"type", "maxpool2d"}, {"pool_size", 2}},
                          {{"type", "dropout"}, {"rate", 0.3}},
                          {{"type", "flatten"}},
                          {{"type", "dense"}, {"units", 24}, {"use_bias", false}},
                          {{"type", "batchnorm"}, {"momentum", 0.9}, {"epsilon", 1e-2}},
                          {{"type", "relu"}},
                          {{"type", "dropout"}, {"rate", 0.5}},
                          {{"type", "dense"}, {"units", 10}, {"activation", "softmax"}}}}};
        TrainingConfig config = makePreset("mlp", mnist_).training;
        config.normalization = "per-feature";
        TrainedModel trained = train(spec, config);
        QCOMPARE(trained.metadata.normalization.offset.size(), std::size_t{784});
        for (auto& [name, tensor] : trained.model->namedTensors()) {
            if (name.ends_with("running_mean")) QVERIFY2(tensor->array().abs().maxCoeff() > 1e-2f, name.c_str());
            if (name.ends_with("running_variance")) QVERIFY2((tensor->array() - 1.0f).abs().maxCoeff() > 1e-2f, name.c_str());
        }
        const double difference = exportAndCompare(trained, "bn.onnx");
        QVERIFY2(difference <= kTolerance, qPrintable(QString::number(difference)));
    }

    // Strided "same" convolution and pooling on odd sizes (28 -> 14 -> 7 -> 5 -> 3), where the
    // core pads one cell more at the end than at the start; average pooling that leaves padded
    // cells out; every activation, fused and stand-alone.
    void remainingOperatorsMatch() {
        const json spec{{"name", "zoo"},
                        {"layers",
                         {{{"type", "conv2d"}, {"filters", 8}, {"kernel_size", 5}, {"strides", 2}, {"padding", "same"},
                           {"activation", "leaky_relu"}, {"alpha", 0.2}},
                          {{"type", "avgpool2d"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}},
                          {{"type", "conv2d"}, {"filters", 8}, {"kernel_size", {3, 3}}, {"use_bias", false}},
                          {{"type", "tanh"}},
                          {{"type", "maxpool2d"}, {"pool_size", 2}, {"padding", "same"}},
                          {{"type", "avgpool2d"}, {"pool_size", 2}, {"strides", 1}},
                          {{"type", "leaky_relu"}, {"alpha", 0.1}},
                          {{"type", "flatten"}},
                          {{"type", "dense"}, {"units", 32}, {"activation", "sigmoid"}},
                          {{"type", "dense"}, {"units", 10}},
                          {{"type", "softmax"}}}}};
        TrainedModel trained = train(spec, makePreset("cnn", mnist_).training);
        QCOMPARE(trained.model->layer(4).builtOutputShape(), (Shape{8, 3, 3}));
        const double difference = exportAndCompare(trained, "zoo.onnx");
        QVERIFY2(difference <= kTolerance, qPrintable(QString::number(difference)));
    }

    // The core's softmax normalises all of a sample's values, also when they are image-shaped
    // (here 2 channels of 1x2, from a convolution with a fused softmax); ONNX's single-axis
    // Softmax must not normalise each channel alone. Untrained: no loss fits such an output.
    void softmaxOverAnImageMatches() {
        const json spec{{"name", "image-softmax"},
                        {"layers",
                         {{{"type", "conv2d"}, {"filters", 2}, {"kernel_size", {28, 14}}, {"strides", 14},
                           {"activation", "softmax"}}}}};
        TrainedModel untrained{std::make_unique<Model>(spec, mnist_.sampleShape, 3),
                               metadataFor(mnist_, mnist_.normalization, TrainingConfig{}, {})};
        QCOMPARE(untrained.model->outputShape(), (Shape{2, 1, 2}));
        const double difference = exportAndCompare(untrained, "image-softmax.onnx");
        QVERIFY2(difference <= kTolerance, qPrintable(QString::number(difference)));
    }

    void writtenFileIsValidOnnx() {
        const Preset preset = makePreset("mlp", mnist_);
        Model model(preset.spec, mnist_.sampleShape, 1);
        const ModelMetadata metadata = metadataFor(mnist_, mnist_.normalization, preset.training, {});
        const std::string path = pathFor("checked.onnx");
        exportOnnx(model, metadata, path);
        onnx::checker::check_model(path);

        onnx::ModelProto proto;
        std::ifstream in(path, std::ios::binary);
        QVERIFY(proto.ParseFromIstream(&in));
        QCOMPARE(proto.producer_name(), std::string("Netwright"));
        QCOMPARE(proto.opset_import_size(), 1);
        QCOMPARE(proto.opset_import(0).version(), std::int64_t{13});
        const auto& graph = proto.graph();
        QCOMPARE(graph.input_size(), 1);
        QCOMPARE(graph.input(0).name(), std::string("input"));
        const auto& inputShape = graph.input(0).type().tensor_type().shape();
        QCOMPARE(inputShape.dim_size(), 4);
        QCOMPARE(inputShape.dim(0).dim_param(), std::string("N"));
        QCOMPARE(inputShape.dim(3).dim_value(), std::int64_t{28});
        QCOMPARE(graph.output(0).name(), std::string("output"));
        QCOMPARE(graph.output(0).type().tensor_type().shape().dim(1).dim_value(), std::int64_t{10});
        bool denseWeights = false;
        for (const auto& t : graph.initializer())
            if (t.name() == "1.weights") denseWeights = t.dims_size() == 2 && t.dims(0) == 128 && t.dims(1) == 784;
        QVERIFY(denseWeights);
        std::map<std::string, std::string> props;
        for (const auto& p : proto.metadata_props()) props[p.key()] = p.value();
        QCOMPARE(props["task"], std::string("classification"));
        QCOMPARE(json::parse(props["class_names"]), json(mnist_.classNames));
        QCOMPARE(json::parse(props["normalization"]), mnist_.normalization.toJson());
        QCOMPARE(props["dataset"], metadata.dataset);
    }

    void errorsNameTheirCause() {
        const Preset preset = makePreset("tiny", mnist_);
        Model model(preset.spec, mnist_.sampleShape, 1);
        ModelMetadata metadata = metadataFor(mnist_, mnist_.normalization, preset.training, {});
        const std::string unwritable = "/nonexistent-netwright-dir/model.onnx";
        QVERIFY(nw::testing::throwsWith<Error>([&] { exportOnnx(model, metadata, unwritable); }, {unwritable.c_str()}));
        metadata.normalization = {{1.0f, 2.0f, 3.0f}, {1.0f, 1.0f, 1.0f}};
        QVERIFY(nw::testing::throwsWith<Error>([&] { onnxModelBytes(model, metadata); }, {"normalization", "3", "784"}));
    }
};

QTEST_GUILESS_MAIN(OnnxExportTest)
#include "test_onnx_export.moc"
