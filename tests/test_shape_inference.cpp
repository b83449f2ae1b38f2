// Shape inference, parameter and FLOP counts, and the errors for blocks that do not fit.
#include <QtTest>

#include "ExpectError.h"
#include "common/Error.h"
#include "data/DatasetCatalog.h"
#include "nn/Model.h"
#include "train/Presets.h"

using namespace nw;
using nlohmann::json;

namespace {

Dataset imageSet(int classes, Shape shape = {1, 28, 28}) {
    Dataset d;
    d.name = "images";
    d.sampleShape = shape;
    for (int c = 0; c < classes; ++c) d.classNames.push_back(std::to_string(c));
    return d;
}

json spec(json layers) { return {{"name", "t"}, {"layers", layers}}; }

}  // namespace

class ShapeInferenceTest : public QObject {
    Q_OBJECT
private slots:
    void mlpPresetOnMnist() {
        const auto s = summarizeSpec(makePreset("mlp", imageSet(10)).spec, {1, 28, 28});
        QVERIFY(s.valid());
        QCOMPARE(s.layers.size(), std::size_t{4});
        QCOMPARE(s.layers[0].outputShape, (Shape{784}));
        QCOMPARE(s.layers[3].outputShape, (Shape{10}));
        QCOMPARE(s.parameters, std::int64_t{784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10});
        QVERIFY(s.flops > 2 * s.parameters - 1000);
    }
    void cnnPresetOnMnist() {
        const auto s = summarizeSpec(makePreset("cnn", imageSet(10)).spec, {1, 28, 28});
        QVERIFY(s.valid());
        QCOMPARE(s.layers[0].outputShape, (Shape{32, 26, 26}));
        QCOMPARE(s.layers[1].outputShape, (Shape{32, 13, 13}));
        QCOMPARE(s.layers[2].outputShape, (Shape{5408}));
        QCOMPARE(s.parameters, std::int64_t{32 * 9 + 32 + 5408 * 10 + 10});
        QCOMPARE(s.layers[0].flops, std::int64_t{32 * 26 * 26 * (2 * 9 + 1 + 1)});
    }
    void presetsSizeTheirHeadFromTheData() {
        const auto fashion = summarizeSpec(makePreset("mlp64", imageSet(3, {3, 8, 8})).spec, {3, 8, 8});
        QCOMPARE(fashion.layers.back().outputShape, (Shape{3}));
        QCOMPARE(fashion.layers.front().outputShape, (Shape{192}));
        const Dataset linear = makeLinearDataset(10, 1);
        const Preset lin = makePreset("linreg", linear);
        QCOMPARE(summarizeSpec(lin.spec, {1}).parameters, std::int64_t{2});
        QCOMPARE(lin.training.batchSize, 0);
        QCOMPARE(lin.training.epochs, 1000);
        QCOMPARE(lin.training.schedule.baseRate, 0.1);
        const auto mlp64 = makePreset("mlp64", linear);
        QCOMPARE(mlp64.training.loss, std::string("mse"));
        QVERIFY(testing::throwsWith<Error>([&] { makePreset("logreg", imageSet(10)); }, {"two-class"}));
        QVERIFY(testing::throwsWith<Error>([&] { makePreset("cnn", linear); }, {"image"}));
        QVERIFY(testing::throwsWith<Error>([&] { makePreset("resnet", linear); }, {"unknown preset"}));
        const Preset logreg = makePreset("logreg", imageSet(2, {4}));
        QCOMPARE(summarizeSpec(logreg.spec, {4}).layers.back().outputShape, (Shape{1}));
    }
    void sameAndStridedGeometry() {
        const auto s = summarizeSpec(spec({{{"type", "conv2d"}, {"filters", 4}, {"kernel_size", 3}, {"padding", "same"}},
                                           {{"type", "conv2d"}, {"filters", 4}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}},
                                           {{"type", "maxpool2d"}, {"pool_size", 2}, {"padding", "same"}},
                                           {{"type", "avgpool2d"}, {"pool_size", 2}, {"strides", 1}}}),
                                     {1, 28, 27});
        QVERIFY(s.valid());
        QCOMPARE(s.layers[0].outputShape, (Shape{4, 28, 27}));
        QCOMPARE(s.layers[1].outputShape, (Shape{4, 14, 14}));
        QCOMPARE(s.layers[2].outputShape, (Shape{4, 7, 7}));
        QCOMPARE(s.layers[3].outputShape, (Shape{4, 6, 6}));
    }
    void denseAfterConvWithoutFlattenNamesTheLayer() {
        const json bad = spec({{{"type", "conv2d"}, {"filters", 4}, {"kernel_size", 3}}, {{"type", "dense"}, {"units", 10}}});
        const auto s = summarizeSpec(bad, {1, 28, 28});
        QVERIFY(!s.valid());
        QVERIFY(s.layers[0].error.empty());
        QVERIFY(QString::fromStdString(s.layers[1].error).contains("flatten"));
        QVERIFY(QString::fromStdString(s.firstError()).startsWith("layer 2 (dense)"));
        QVERIFY(testing::throwsWith<ModelError>([&] { Model(bad, {1, 28, 28}, 1); }, {"layer 2 (dense)", "flatten"}));
    }
    void flattenHandsOnItsInputButTheModelOutputKeepsItsShape() {
        // Flatten passes its input tensor on unchanged; a model that ends in one still answers
        // with (batch, features), and the numbers are the input's in order.
        Model model(spec(json::array({json{{"type", "maxpool2d"}, {"pool_size", {2, 2}}}, json{{"type", "flatten"}}})),
                    {2, 4, 4}, 1);
        Tensor x({3, 2, 4, 4});
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
        const Tensor& out = model.forward(x, false);
        QCOMPARE(out.dims(), (std::vector<int>{3, 8}));
        QCOMPARE(out[0], 5.0f);    // max of the first 2x2 window: 0 1 / 4 5
        QCOMPARE(out[23], 95.0f);  // the last window of the last sample
        // In the middle of a model the dense layer reads the pooled maps as rows of features.
        Model inner(spec(json::array({json{{"type", "maxpool2d"}, {"pool_size", {2, 2}}}, json{{"type", "flatten"}},
                                      json{{"type", "dense"}, {"units", 3}}})),
                    {2, 4, 4}, 1);
        QCOMPARE(inner.forward(x, false).dims(), (std::vector<int>{3, 3}));
    }
    void kernelLargerThanInput() {
        const json bad = spec({{{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 5}}, {{"type", "flatten"}}});
        QVERIFY(testing::throwsWith<ModelError>([&] { Model(bad, {1, 4, 4}, 1); }, {"layer 1 (conv2d)", "larger than its input"}));
        const auto s = summarizeSpec(bad, {1, 4, 4});
        QVERIFY(!s.layers[1].error.empty());  // later blocks are marked as unknown, not guessed
    }
    void badFieldsAreExplained() {
        auto expect = [](json layer, const char* fragment) {
            QVERIFY2(testing::throwsWith<ModelError>([&] { Model(spec({layer}), {4}, 1); }, {"layer 1", fragment}),
                     qPrintable(QString::fromStdString(layer.dump())));
        };
        expect({{"type", "dense"}}, "missing 'units'");
        expect({{"type", "dense"}, {"units", -3}}, "positive integer");
        expect({{"type", "dense"}, {"units", "ten"}}, "positive integer");
        expect({{"type", "dense"}, {"units", 3}, {"activation", "swish"}}, "unknown activation");
        expect({{"type", "lstm"}}, "unknown layer type");
        expect({{"type", "dropout"}, {"rate", 1.5}}, "rate");
        expect({{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 3}}, "image input");
        expect({{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 3}, {"padding", "full"}}, "padding");
        expect({{"type", "maxpool2d"}}, "image input");
        QVERIFY(testing::throwsWith<ModelError>([&] { Model(json{{"layers", json::array()}}, {4}, 1); }, {"at least one layer"}));
        QVERIFY(testing::throwsWith<ModelError>([&] { Model(json::array(), {4}, 1); }, {"layers"}));
    }
    void configRoundTripsThroughTheFactory() {
        const json layers = {{{"type", "conv2d"}, {"filters", 3}, {"kernel_size", {3, 2}}, {"strides", {1, 2}}, {"padding", "same"}, {"activation", "relu"}},
                             {{"type", "batchnorm"}},
                             {{"type", "maxpool2d"}, {"pool_size", 2}},
                             {{"type", "flatten"}},
                             {{"type", "dropout"}, {"rate", 0.3}},
                             {{"type", "dense"}, {"units", 5}, {"activation", "softmax"}}};
        Model a(spec(layers), {2, 8, 8}, 1);
        json again = json::array();
        for (std::size_t i = 0; i < a.layerCount(); ++i) again.push_back(a.layer(i).config());
        Model b(spec(again), {2, 8, 8}, 1);
        QCOMPARE(b.parameterCount(), a.parameterCount());
        for (std::size_t i = 0; i < a.layerCount(); ++i) QCOMPARE(b.layer(i).config(), a.layer(i).config());
    }
};

QTEST_APPLESS_MAIN(ShapeInferenceTest)
#include "test_shape_inference.moc"
