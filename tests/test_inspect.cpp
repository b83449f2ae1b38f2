// The Inspect screen's engine (core/inspect): saliency against finite differences, MNIST-style
// digit preprocessing, confusion-matrix metrics, predictions on a fixed subset, decision
// regions of a trained XOR model, feature maps and first-layer weights, weight snapshots.
#include <QtTest>

#include "TestDatasets.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "ExpectError.h"
#include "common/Error.h"
#include "common/Random.h"
#include "data/SyntheticDatasets.h"
#include "inspect/ConfusionMatrix.h"
#include "inspect/DecisionRegions.h"
#include "inspect/DigitPreprocessing.h"
#include "inspect/FeatureMaps.h"
#include "inspect/ModelSnapshot.h"
#include "inspect/PredictionSet.h"
#include "inspect/Saliency.h"
#include "nn/Loss.h"
#include "train/Presets.h"
#include "train/Trainer.h"

using namespace nw;
using nlohmann::json;
using nw::testing::throwsWith;

namespace {

json spec(json layers) { return json{{"name", "test"}, {"layers", std::move(layers)}}; }
json dense(int units, const std::string& activation) { return {{"type", "dense"}, {"units", units}, {"activation", activation}}; }
json conv(int filters, int kernel, const std::string& activation) {
    return {{"type", "conv2d"}, {"filters", filters}, {"kernel_size", {kernel, kernel}}, {"activation", activation}};
}

Tensor randomSample(const Shape& shape, std::uint64_t seed) {
    Random r(seed);
    Tensor x;
    x.resizeBatch(1, shape);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(r.normal());
    return x;
}

// Copies every tensor of `from` that `to` has under the same name (a prefix model, or the
// same model with another output activation).
void copyTensors(Model& from, Model& to) {
    auto source = from.namedTensors();
    for (auto& [name, tensor] : to.namedTensors()) {
        auto it = std::find_if(source.begin(), source.end(), [&](const auto& s) { return s.first == name; });
        QVERIFY2(it != source.end(), name.c_str());
        QCOMPARE(it->second->size(), tensor->size());
        tensor->array() = it->second->array();
    }
}

// The same network with a linear output layer: its outputs are the original's logits.
Model logitModel(Model& model) {
    json s = model.spec();
    s["layers"].back()["activation"] = "linear";
    Model logits(s, model.inputShape(), 99);
    copyTensors(model, logits);
    return logits;
}

// d(logit of cls)/d(input) by central differences, in inference mode.
std::vector<double> numericalGradient(Model& logits, const Tensor& sample, int cls, double h = 1e-3) {
    std::vector<double> g(sample.size());
    Tensor x = sample;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const float original = x[i];
        x[i] = original + static_cast<float>(h);
        const double plus = logits.forward(x, false)[static_cast<std::size_t>(cls)];
        x[i] = original - static_cast<float>(h);
        const double minus = logits.forward(x, false)[static_cast<std::size_t>(cls)];
        x[i] = original;
        g[i] = (plus - minus) / (2.0 * h);
    }
    return g;
}

void compareWithFiniteDifferences(Model& model, const Tensor& sample, const std::vector<int>& classes) {
    Model logits = logitModel(model);
    for (int cls : classes) {
        const Tensor analytic = inputGradient(model, sample, cls);
        QCOMPARE(analytic.dims(), sample.dims());
        const auto numeric = numericalGradient(logits, sample, cls);
        double scale = 0.0;
        for (double v : numeric) scale = std::max(scale, std::abs(v));
        QVERIFY(scale > 1e-3);  // the check means something
        for (std::size_t i = 0; i < numeric.size(); ++i) {
            const double tolerance = 1e-2 * std::max(std::abs(numeric[i]), 0.05 * scale) + 1e-4;
            if (std::abs(analytic[i] - numeric[i]) > tolerance)
                QFAIL(qPrintable(QString("class %1, input %2: backprop %3, finite differences %4")
                                     .arg(cls)
                                     .arg(i)
                                     .arg(analytic[i])
                                     .arg(numeric[i])));
        }
    }
}


std::vector<float> canvasWithRectangle(int width, int height, int x0, int y0, int x1, int y1) {
    std::vector<float> canvas(static_cast<std::size_t>(width) * height, 0.0f);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) canvas[static_cast<std::size_t>(y) * width + x] = 1.0f;
    return canvas;
}

struct InkBox {
    int left = 28, top = 28, right = -1, bottom = -1;
    double cx = 0, cy = 0, mass = 0;
    int width() const { return right - left + 1; }
    int height() const { return bottom - top + 1; }
};

InkBox inkBox(const std::vector<float>& digit) {
    InkBox b;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const float v = digit[static_cast<std::size_t>(y) * 28 + x];
            if (v <= 0.0f) continue;
            b.left = std::min(b.left, x);
            b.right = std::max(b.right, x);
            b.top = std::min(b.top, y);
            b.bottom = std::max(b.bottom, y);
            b.mass += v;
            b.cx += v * x;
            b.cy += v * y;
        }
    if (b.mass > 0) {
        b.cx /= b.mass;
        b.cy /= b.mass;
    }
    return b;
}

// One training step's parameter gradients (cross-entropy fused with softmax, as the trainer
// runs it), for comparing a model before and after other calls.
std::vector<float> trainingGradients(Model& model, const Tensor& x, const Tensor& targets) {
    CrossEntropyLoss loss;
    const Tensor& out = model.forward(x, true);
    Tensor gradient;
    if (model.outputActivationFusedIntoLoss()) loss.gradientThroughActivation(out, targets, gradient);
    else loss.gradient(out, targets, gradient);
    model.backward(gradient);
    std::vector<float> all;
    for (auto& p : model.parameters()) all.insert(all.end(), p.gradient->data(), p.gradient->data() + p.gradient->size());
    return all;
}

}  // namespace

class InspectTest : public QObject {
    Q_OBJECT
private slots:
    // --- saliency ---------------------------------------------------------------------------

    void saliencyMatchesFiniteDifferencesOnDenseModel() {
        Model model(spec({dense(5, "relu"), dense(3, "softmax")}), {6}, 7);
        compareWithFiniteDifferences(model, randomSample({6}, 11), {0, 2});
    }

    // The mlp preset's shape: nothing before the first dense layer learns, so training skips
    // its input gradient, and saliency must switch it back on.
    void saliencyMatchesFiniteDifferencesOnFlattenFirstModel() {
        Model model(spec({json{{"type", "flatten"}}, dense(5, "relu"), dense(3, "softmax")}), {1, 2, 3}, 8);
        compareWithFiniteDifferences(model, randomSample({1, 2, 3}, 13), {0, 1});
    }

    void saliencyMatchesFiniteDifferencesOnConvModel() {
        Model model(spec({conv(2, 3, "tanh"), json{{"type", "flatten"}}, dense(3, "softmax")}), {1, 5, 5}, 5);
        compareWithFiniteDifferences(model, randomSample({1, 5, 5}, 12), {1, 2});
    }

    void saliencyWorksThroughBatchNormAndDropoutInInferenceMode() {
        Model model(spec({dense(5, "tanh"), json{{"type", "batchnorm"}}, json{{"type", "dropout"}, {"rate", 0.5}},
                          dense(3, "linear"), json{{"type", "softmax"}}}),
                    {4}, 3);
        // Running statistics far from the identity, so the check sees them.
        for (auto& [name, t] : model.namedTensors()) {
            if (name == "1.running_mean") t->array() = Eigen::ArrayXf::LinSpaced(5, -0.5f, 0.5f);
            if (name == "1.running_variance") t->array() = Eigen::ArrayXf::LinSpaced(5, 0.2f, 3.0f);
            if (name == "1.gamma") t->array() = Eigen::ArrayXf::LinSpaced(5, 0.5f, 2.0f);
        }
        // The logit model here is the network without its final softmax layer.
        json s = model.spec();
        s["layers"].erase(s["layers"].size() - 1);
        Model logits(s, {4}, 1);
        copyTensors(model, logits);
        const Tensor sample = randomSample({4}, 4);
        for (int cls : {0, 1}) {
            const Tensor analytic = inputGradient(model, sample, cls);
            const auto numeric = numericalGradient(logits, sample, cls);
            for (std::size_t i = 0; i < numeric.size(); ++i)
                QVERIFY2(std::abs(analytic[i] - numeric[i]) <= 1e-2 * std::abs(numeric[i]) + 1e-3,
                         qPrintable(QString("%1 vs %2").arg(analytic[i]).arg(numeric[i])));
        }
    }

    void saliencyOfSingleSigmoidUnitIsThePlusMinusLogitGradient() {
        Model model(spec({dense(4, "relu"), dense(1, "sigmoid")}), {3}, 2);
        const Tensor sample = randomSample({3}, 8);
        // Class 1 is scored by the unit's logit, class 0 by its negation.
        Model logits = logitModel(model);
        const auto numeric = numericalGradient(logits, sample, 0);
        const Tensor one = inputGradient(model, sample, 1);
        for (std::size_t i = 0; i < numeric.size(); ++i)
            QVERIFY2(std::abs(one[i] - numeric[i]) <= 1e-2 * std::abs(numeric[i]) + 1e-4,
                     qPrintable(QString("%1 vs %2").arg(one[i]).arg(numeric[i])));
        const Tensor zero = inputGradient(model, sample, 0);
        for (std::size_t i = 0; i < one.size(); ++i) QCOMPARE(zero[i], -one[i]);
        QVERIFY(throwsWith<Error>([&] { inputGradient(model, sample, 2); }, {"class 2"}));
    }

    void saliencyRestoresTheModelsFlags() {
        const json s = spec({json{{"type", "flatten"}}, dense(5, "relu"), dense(3, "softmax")});
        Tensor batch;
        batch.resizeBatch(4, {6});
        Random r(3);
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i] = static_cast<float>(r.normal());
        Tensor targets({4});
        for (int i = 0; i < 4; ++i) targets[static_cast<std::size_t>(i)] = static_cast<float>(i % 3);

        for (bool fused : {true, false}) {
            Model touched(s, {6}, 21), untouched(s, {6}, 21);
            touched.setOutputActivationFusedIntoLoss(fused);
            untouched.setOutputActivationFusedIntoLoss(fused);
            // Training: no input gradient up to and including the first dense layer.
            QVERIFY(!touched.inputGradientNeeded());
            QVERIFY(!touched.layer(0).computesInputGradient());
            QVERIFY(!touched.layer(1).computesInputGradient());
            QVERIFY(touched.layer(2).computesInputGradient());
            inputGradient(touched, randomSample({6}, 5), 1);
            QCOMPARE(touched.outputActivationFusedIntoLoss(), fused);
            QVERIFY(!touched.inputGradientNeeded());
            QVERIFY(!touched.layer(0).computesInputGradient());
            QVERIFY(!touched.layer(1).computesInputGradient());
            QVERIFY(touched.layer(2).computesInputGradient());
            // A training step afterwards computes exactly what it computes on a model that
            // never saw a saliency call.
            QVERIFY(trainingGradients(touched, batch, targets) == trainingGradients(untouched, batch, targets));
        }

        // Restored even when the call throws.
        Model model(s, {6}, 1);
        model.setOutputActivationFusedIntoLoss(false);
        QVERIFY(throwsWith<Error>([&] { inputGradient(model, randomSample({6}, 1), 7); }));
        QVERIFY(throwsWith<Error>([&] { inputGradient(model, randomSample({5}, 1), 0); }, {"(6)"}));
        QVERIFY(!model.outputActivationFusedIntoLoss());
        QVERIFY(!model.inputGradientNeeded());
        QVERIFY(!model.layer(1).computesInputGradient());
    }

    void saliencyMapIsTheScaledLargestChannelGradient() {
        Model model(spec({conv(3, 3, "relu"), json{{"type", "flatten"}}, dense(4, "softmax")}), {2, 6, 6}, 9);
        const Tensor sample = randomSample({2, 6, 6}, 3);
        const Tensor g = inputGradient(model, sample, 3);
        const auto map = saliencyMap(model, sample, 3);
        QCOMPARE(map.size(), std::size_t{36});
        std::vector<float> expected(36);
        for (int i = 0; i < 36; ++i) expected[i] = std::max(std::abs(g[i]), std::abs(g[36 + i]));
        const float top = *std::max_element(expected.begin(), expected.end());
        QVERIFY(top > 0.0f);
        for (int i = 0; i < 36; ++i) QVERIFY(std::abs(map[i] - expected[i] / top) < 1e-6f);
        QCOMPARE(*std::max_element(map.begin(), map.end()), 1.0f);

        Model flat(spec({dense(3, "softmax")}), {4}, 1);
        QVERIFY(throwsWith<Error>([&] { saliencyMap(flat, randomSample({4}, 1), 0); }, {"image"}));
    }

    // --- digit preprocessing ----------------------------------------------------------------

    void digitRectangleIsScaledAndCentred() {
        // 100 x 60 px, far from the centre of a 280 x 280 canvas.
        const auto digit = mnistStyleDigit(canvasWithRectangle(280, 280, 20, 180, 120, 240), 280, 280);
        QCOMPARE(digit.size(), std::size_t{784});
        const InkBox box = inkBox(digit);
        QCOMPARE(std::max(box.width(), box.height()), 20);
        QCOMPARE(box.width(), 20);
        QCOMPARE(box.height(), 12);  // 60 * 20 / 100: the aspect ratio kept
        QVERIFY2(std::abs(box.cx - 14.0) <= 0.5 && std::abs(box.cy - 14.0) <= 0.5,
                 qPrintable(QString("centre of mass (%1, %2)").arg(box.cx).arg(box.cy)));
        for (float v : digit) {
            QVERIFY(v >= 0.0f && v <= 255.0f);
            QCOMPARE(v, std::round(v));
        }
        QCOMPARE(*std::max_element(digit.begin(), digit.end()), 255.0f);
    }

    void digitOfEmptyCanvasIsBlank() {
        const auto digit = mnistStyleDigit(std::vector<float>(200 * 150, 0.0f), 200, 150);
        QCOMPARE(digit.size(), std::size_t{784});
        QVERIFY(std::all_of(digit.begin(), digit.end(), [](float v) { return v == 0.0f; }));
    }

    void digitTallOneKeepsItsAspectRatio() {
        // 15 wide, 200 tall: 20 tall and 1.5 (so 1 or 2) wide after scaling.
        const auto digit = mnistStyleDigit(canvasWithRectangle(280, 280, 240, 30, 255, 230), 280, 280);
        const InkBox box = inkBox(digit);
        QCOMPARE(box.height(), 20);
        QVERIFY2(box.width() >= 1 && box.width() <= 2, qPrintable(QString("width %1").arg(box.width())));
        QVERIFY(std::abs(box.cx - 14.0) <= 0.5 && std::abs(box.cy - 14.0) <= 0.5);
        QCOMPARE(*std::max_element(digit.begin(), digit.end()), 255.0f);
    }

    void digitSmallDrawingIsEnlargedAndSoftInkKept() {
        // A 5 x 10 stroke of half-strength ink grows to 10 x 20.
        auto canvas = canvasWithRectangle(100, 100, 10, 10, 15, 20);
        for (float& v : canvas) v *= 0.5f;
        const auto digit = mnistStyleDigit(canvas, 100, 100);
        const InkBox box = inkBox(digit);
        QCOMPARE(box.height(), 20);
        QCOMPARE(box.width(), 10);
        QCOMPARE(*std::max_element(digit.begin(), digit.end()), 128.0f);  // round(0.5 * 255)
    }

    void digitRejectsMismatchedCanvas() {
        QVERIFY(throwsWith<Error>([] { mnistStyleDigit(std::vector<float>(10, 0.0f), 4, 4); }, {"16"}));
        QVERIFY(throwsWith<Error>([] { mnistStyleDigit({}, 0, 4); }));
    }

    // --- confusion matrix -------------------------------------------------------------------

    void confusionMatrixMetrics() {
        // rows true, columns predicted:  [3 1 0]
        //                                [1 2 2]
        //                                [1 2 1]
        const std::vector<std::pair<int, int>> pairs{{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {1, 0},
                                                     {1, 2}, {1, 2}, {2, 2}, {2, 1}, {2, 1}, {2, 0}};
        PredictionSet set;
        set.classCount = 3;
        for (auto [t, p] : pairs) {
            SamplePrediction s;
            s.trueClass = t;
            s.predictedClass = p;
            set.samples.push_back(s);
        }
        const ConfusionMatrix m = ConfusionMatrix::from(set);
        QCOMPARE(m.classes(), 3);
        QCOMPARE(m.total(), std::int64_t{13});
        QCOMPARE(m.count(1, 2), std::int64_t{2});
        QCOMPARE(m.count(2, 0), std::int64_t{1});
        QVERIFY(std::abs(m.accuracy() - 6.0 / 13.0) < 1e-12);

        const auto c0 = m.metrics(0), c1 = m.metrics(1), c2 = m.metrics(2);
        QVERIFY(std::abs(c0.precision - 3.0 / 5.0) < 1e-12);
        QVERIFY(std::abs(c0.recall - 3.0 / 4.0) < 1e-12);
        QVERIFY(std::abs(c0.f1 - 2.0 / 3.0) < 1e-12);
        QCOMPARE(c0.support, std::int64_t{4});
        QVERIFY(std::abs(c1.precision - 2.0 / 5.0) < 1e-12);
        QVERIFY(std::abs(c1.recall - 2.0 / 5.0) < 1e-12);
        QVERIFY(std::abs(c1.f1 - 2.0 / 5.0) < 1e-12);
        QCOMPARE(c1.support, std::int64_t{5});
        QVERIFY(std::abs(c2.precision - 1.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(c2.recall - 1.0 / 4.0) < 1e-12);
        QVERIFY(std::abs(c2.f1 - 2.0 / 7.0) < 1e-12);
        QCOMPARE(c2.support, std::int64_t{4});

        const auto confused = m.mostConfused(4);
        QCOMPARE(confused.size(), std::size_t{4});
        const int expected[4][3] = {{1, 2, 2}, {2, 1, 2}, {0, 1, 1}, {1, 0, 1}};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(confused[i].trueClass, expected[i][0]);
            QCOMPARE(confused[i].predictedClass, expected[i][1]);
            QCOMPARE(confused[i].count, std::int64_t{expected[i][2]});
        }
        QCOMPARE(m.mostConfused(100).size(), std::size_t{5});  // zero cells left out
        QVERIFY(m.mostConfused(0).empty());
    }

    void confusionMatrixEmptyAndUnusedClasses() {
        ConfusionMatrix m(4);
        QCOMPARE(m.accuracy(), 0.0);
        m.add(0, 0);
        m.add(1, 0);
        const auto unused = m.metrics(3);
        QCOMPARE(unused.precision, 0.0);
        QCOMPARE(unused.recall, 0.0);
        QCOMPARE(unused.f1, 0.0);
        QCOMPARE(unused.support, std::int64_t{0});
        QCOMPARE(m.metrics(1).precision, 0.0);  // never predicted
        QCOMPARE(m.metrics(0).precision, 0.5);
        QVERIFY(throwsWith<Error>([&] { m.add(4, 0); }));
        QVERIFY(m.mostConfused(3).size() == 1);
    }

    // --- predictions on a fixed subset -------------------------------------------------------

    void fixedSubsetIsStratifiedAndSeeded() {
        const Dataset d = nw::testing::blobs({100, 50, 30}, 4);
        const auto subset = fixedSubset(d.train, Task::Classification, 60, 7);
        QVERIFY(subset.size() <= 60 && subset.size() >= 58);
        QVERIFY(std::is_sorted(subset.begin(), subset.end()));
        QCOMPARE(std::set<std::size_t>(subset.begin(), subset.end()).size(), subset.size());
        int counts[3] = {0, 0, 0};
        for (std::size_t i : subset) ++counts[static_cast<int>(d.train.target(i))];
        const double shares[3] = {60.0 * 100 / 180, 60.0 * 50 / 180, 60.0 * 30 / 180};
        for (int c = 0; c < 3; ++c) QVERIFY2(std::abs(counts[c] - shares[c]) <= 1.0, qPrintable(QString::number(counts[c])));
        QCOMPARE(fixedSubset(d.train, Task::Classification, 60, 7), subset);
        QVERIFY(fixedSubset(d.train, Task::Classification, 60, 8) != subset);
        QCOMPARE(fixedSubset(d.train, Task::Classification, 500, 7).size(), std::size_t{180});
        QVERIFY(fixedSubset(d.train, Task::Classification, 0, 7).empty());
    }

    void fixedSubsetNeverExceedsTheCount() {
        // Five classes of 3: a share of 1.6 rounds to 2 each, 10 > 8; two are given back.
        std::vector<float> x(15 * 2, 0.0f), y;
        for (int i = 0; i < 15; ++i) y.push_back(static_cast<float>(i % 5));
        const SampleSet samples({2}, x, y, 1);
        const auto subset = fixedSubset(samples, Task::Classification, 8, 3);
        QCOMPARE(subset.size(), std::size_t{8});
        int counts[5] = {0, 0, 0, 0, 0};
        for (std::size_t i : subset) ++counts[static_cast<int>(samples.target(i))];
        for (int c : counts) QVERIFY(c == 1 || c == 2);
    }

    void predictSamplesOfTrainedSoftmaxModel() {
        const Dataset d = nw::testing::blobs({200, 200, 200}, 9);
        Preset p = makePreset("tiny", d);
        p.training.epochs = 5;
        Model model(p.spec, d.sampleShape, 1);
        Trainer trainer(model, d, p.training);
        trainer.run();
        std::vector<std::size_t> indices(300);
        std::iota(indices.begin(), indices.end(), std::size_t{100});  // more than one batch
        const PredictionSet set = predictSamples(model, d.train, trainer.normalization(), indices, 3);
        QCOMPARE(set.classCount, 3);
        QCOMPARE(set.samples.size(), std::size_t{300});
        // The same numbers as one forward pass over all of them.
        Tensor x, y;
        d.train.gather(indices, trainer.normalization(), x, y);
        const Tensor out = model.forward(x, false);
        int correct = 0;
        for (std::size_t i = 0; i < set.samples.size(); ++i) {
            const auto& s = set.samples[i];
            QCOMPARE(s.sample, indices[i]);
            QCOMPARE(s.trueClass, static_cast<int>(y[i]));
            QCOMPARE(s.probabilities.size(), std::size_t{3});
            float sum = 0.0f;
            for (int c = 0; c < 3; ++c) {
                sum += s.probabilities[c];
                QVERIFY(std::abs(s.probabilities[c] - out[i * 3 + c]) < 1e-6f);
            }
            QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
            const int argmax = static_cast<int>(std::max_element(s.probabilities.begin(), s.probabilities.end()) -
                                                s.probabilities.begin());
            QCOMPARE(s.predictedClass, argmax);
            QCOMPARE(s.confidence, s.probabilities[argmax]);
            QVERIFY(std::abs(s.loss + std::log(std::max(s.probabilities[s.trueClass], 1e-7f))) < 1e-5f);
            correct += s.predictedClass == s.trueClass;
        }
        QVERIFY(correct > 270);  // it learnt the blobs
        QVERIFY(throwsWith<Error>([&] { predictSamples(model, d.train, trainer.normalization(), indices, 4); }, {"4 classes"}));
    }

    void predictSamplesOfSigmoidAndLinearModels() {
        const Dataset d = nw::testing::blobs({20, 20, 20}, 2);
        std::vector<std::size_t> indices{0, 4, 16, 40};  // classes 0 and 1 only
        Model sigmoid(spec({dense(1, "sigmoid")}), {2}, 3);
        const auto binary = predictSamples(sigmoid, d.train, Normalization::identity(), indices, 2);
        Tensor x, y;
        d.train.gather(indices, Normalization::identity(), x, y);
        const Tensor p = sigmoid.forward(x, false);
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const auto& s = binary.samples[i];
            QCOMPARE(s.probabilities.size(), std::size_t{2});
            QVERIFY(std::abs(s.probabilities[1] - p[i]) < 1e-6f);
            QVERIFY(std::abs(s.probabilities[0] + s.probabilities[1] - 1.0f) < 1e-6f);
            QCOMPARE(s.predictedClass, p[i] >= 0.5f ? 1 : 0);
        }

        Model linear(spec({dense(3, "linear")}), {2}, 3);
        const auto logits = predictSamples(linear, d.train, Normalization::identity(), indices, 3);
        const Tensor z = linear.forward(x, false);
        for (std::size_t i = 0; i < indices.size(); ++i) {
            double norm = 0.0;
            for (int c = 0; c < 3; ++c) norm += std::exp(static_cast<double>(z[i * 3 + c]));
            for (int c = 0; c < 3; ++c)
                QVERIFY(std::abs(logits.samples[i].probabilities[c] - std::exp(z[i * 3 + c]) / norm) < 1e-6);
        }
    }

    // --- decision regions --------------------------------------------------------------------

    void decisionRegionsOfTrainedXor() {
        GeneratorOptions options;
        options.samples = 600;
        options.seed = 5;
        const Dataset d = makeGeneratedDataset("xor", options);
        Preset p = makePreset("mlp64", d);
        p.training.epochs = 30;
        p.training.schedule.baseRate = 0.01;
        Model model(p.spec, d.sampleShape, 2);
        Trainer trainer(model, d, p.training);
        const auto result = trainer.run();
        const double accuracy = *result.history.back().validation.accuracy;
        QVERIFY2(accuracy > 0.95, qPrintable(QString("validation accuracy %1").arg(accuracy)));

        const RegionGrid grid = decisionRegions(model, trainer.normalization(), -2.0, 2.0, -2.0, 2.0, 40, 40);
        QCOMPARE(grid.width, 40);
        QCOMPARE(grid.height, 40);
        QCOMPARE(grid.classes.size(), std::size_t{1600});
        QCOMPARE(grid.confidence.size(), std::size_t{1600});
        // The generator: class 0 where x and y share a sign, class 1 where they do not.
        auto cellAt = [&](double x, double y) {
            const int col = static_cast<int>((x - grid.xMin) / (grid.xMax - grid.xMin) * grid.width);
            const int row = static_cast<int>((grid.yMax - y) / (grid.yMax - grid.yMin) * grid.height);
            return static_cast<std::size_t>(row) * grid.width + col;
        };
        const struct { double x, y; int cls; } quadrants[] = {{0.8, 0.8, 0}, {-0.8, -0.8, 0}, {-0.8, 0.8, 1}, {0.8, -0.8, 1}};
        for (const auto& q : quadrants) {
            const std::size_t cell = cellAt(q.x, q.y);
            QCOMPARE(grid.classes[cell], q.cls);
            QVERIFY(grid.confidence[cell] > 0.5f && grid.confidence[cell] <= 1.0f);
        }
        // Row 0 is the top (y near yMax): the top-left corner is the (-, +) quadrant.
        QCOMPARE(grid.classes[cellAt(-1.4, 1.4)], 1);
        QCOMPARE(grid.classes[cellAt(1.4, 1.4)], 0);

        QVERIFY(throwsWith<Error>([&] { decisionRegions(model, trainer.normalization(), 1, 0, 0, 1, 4, 4); }, {"x range"}));
        QVERIFY(throwsWith<Error>([&] { decisionRegions(model, trainer.normalization(), 0, 1, 0, 1, 0, 4); }));
    }

    void regressionCurveAppliesTheNormalization() {
        Model model(spec({dense(1, "linear")}), {1}, 1);
        for (auto& [name, t] : model.namedTensors()) (*t)[0] = name == "0.weights" ? 2.0f : 1.0f;
        // x' = (x - 1) * 0.5, then 2 x' + 1 = x: the curve is the identity.
        const Normalization n{{1.0f}, {0.5f}};
        const auto curve = regressionCurve(model, n, -3.0, 5.0, 9);
        QCOMPARE(curve.size(), std::size_t{9});
        for (int k = 0; k < 9; ++k) QVERIFY(std::abs(curve[k] - static_cast<float>(-3 + k)) < 1e-5f);
        QCOMPARE(regressionCurve(model, n, 2.0, 2.0, 1).front(), 2.0f);
        Model two(spec({dense(1, "linear")}), {2}, 1);
        QVERIFY(throwsWith<Error>([&] { regressionCurve(two, n, 0, 1, 5); }, {"one input"}));
    }

    // --- feature maps and weights -------------------------------------------------------------

    void featureMapsAreTheConvOutputs() {
        const json layers = json::array({conv(2, 3, "relu"), json{{"type", "maxpool2d"}, {"pool_size", {2, 2}}},
                                         conv(3, 2, "linear"), json{{"type", "flatten"}}, dense(2, "softmax")});
        Model model(spec(layers), {1, 8, 8}, 4);
        const Tensor sample = randomSample({1, 8, 8}, 6);
        const auto sets = featureMaps(model, sample);
        QCOMPARE(sets.size(), std::size_t{2});
        QCOMPARE(sets[0].layer, std::string("layer 1 (conv2d)"));
        QCOMPARE(sets[1].layer, std::string("layer 3 (conv2d)"));
        const int shapes[2][3] = {{2, 6, 6}, {3, 2, 2}};
        const int prefix[2] = {1, 3};
        for (int k = 0; k < 2; ++k) {
            QCOMPARE(sets[k].channels, shapes[k][0]);
            QCOMPARE(sets[k].height, shapes[k][1]);
            QCOMPARE(sets[k].width, shapes[k][2]);
            QCOMPARE(sets[k].values.size(), std::size_t(shapes[k][0] * shapes[k][1] * shapes[k][2]));
            // The model cut after that layer, with the same weights, outputs the same maps.
            json cut = json::array();
            for (int i = 0; i < prefix[k]; ++i) cut.push_back(layers[i]);
            Model head(spec(cut), {1, 8, 8}, 77);
            copyTensors(model, head);
            const Tensor& out = head.forward(sample, false);
            QCOMPARE(out.size(), sets[k].values.size());
            for (std::size_t i = 0; i < out.size(); ++i) QCOMPARE(sets[k].values[i], out[i]);
        }
        Model flat(spec({json{{"type", "flatten"}}, dense(3, "softmax")}), {1, 8, 8}, 1);
        QVERIFY(featureMaps(flat, sample).empty());
        QVERIFY(throwsWith<Error>([&] { featureMaps(model, randomSample({1, 7, 8}, 1)); }));
    }

    void firstLayerWeightImagesOfConvDenseAndTabularModels() {
        Model cnn(spec({conv(4, 3, "relu"), json{{"type", "flatten"}}, dense(2, "softmax")}), {2, 6, 6}, 1);
        const auto filters = firstLayerWeightImages(cnn, 3);
        QCOMPARE(filters.size(), std::size_t{3});
        Tensor* w = cnn.namedTensors().front().second;  // (4, 2, 3, 3)
        for (int f = 0; f < 3; ++f) {
            QCOMPARE(filters[f].label, "filter " + std::to_string(f + 1));
            QCOMPARE(filters[f].channels, 2);
            QCOMPARE(filters[f].height, 3);
            QCOMPARE(filters[f].width, 3);
            QCOMPARE(filters[f].values.size(), std::size_t{18});
            for (int i = 0; i < 18; ++i) QCOMPARE(filters[f].values[i], (*w)[f * 18 + i]);
        }
        QCOMPARE(firstLayerWeightImages(cnn, 100).size(), std::size_t{4});
        QVERIFY(firstLayerWeightImages(cnn, 0).empty());

        Model mlp(spec({json{{"type", "flatten"}}, dense(5, "relu"), dense(10, "softmax")}), {1, 28, 28}, 2);
        const auto units = firstLayerWeightImages(mlp, 100);
        QCOMPARE(units.size(), std::size_t{5});
        Tensor* dw = mlp.namedTensors().front().second;  // (784, 5)
        for (int u = 0; u < 5; ++u) {
            QCOMPARE(units[u].label, "unit " + std::to_string(u + 1));
            QCOMPARE(units[u].channels, 1);
            QCOMPARE(units[u].height, 28);
            QCOMPARE(units[u].width, 28);
            QCOMPARE(units[u].values.size(), std::size_t{784});
            for (int k : {0, 1, 300, 783}) QCOMPARE(units[u].values[k], (*dw)[k * 5 + u]);
        }

        Model tabular(spec({dense(8, "relu"), dense(3, "softmax")}), {6}, 3);
        QVERIFY(firstLayerWeightImages(tabular, 10).empty());
    }

    // --- snapshots ---------------------------------------------------------------------------

    void snapshotRebuildsAnIdenticalModel() {
        const Dataset d = nw::testing::blobs({5, 5, 5}, 1);
        const json s = spec({conv(3, 3, "relu"), json{{"type", "batchnorm"}}, json{{"type", "flatten"}},
                             json{{"type", "dropout"}, {"rate", 0.3}}, dense(3, "softmax")});
        Model model(s, {1, 6, 6}, 12);
        Random r(4);
        for (auto& [name, t] : model.namedTensors())
            for (std::size_t i = 0; i < t->size(); ++i)
                (*t)[i] = name.find("variance") != std::string::npos ? 0.5f + static_cast<float>(r.uniform())
                                                                     : static_cast<float>(r.normal());
        const ModelSnapshot snapshot = takeSnapshot(model, Normalization::scaled(0.5f), d, 123, 4);
        QCOMPARE(snapshot.step, 123LL);
        QCOMPARE(snapshot.epoch, 4);
        QCOMPARE(snapshot.classNames, d.classNames);
        QCOMPARE(snapshot.normalization.scale, std::vector<float>{0.5f});
        QCOMPARE(snapshot.inputShape, (Shape{1, 6, 6}));
        QCOMPARE(snapshot.tensors.size(), model.namedTensors().size());
        QCOMPARE(snapshot.tensors[2].first, std::string("1.gamma"));

        auto rebuilt = buildModel(snapshot);
        Tensor x;
        x.resizeBatch(5, {1, 6, 6});
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(r.normal());
        const Tensor expected = model.forward(x, false);
        const Tensor& actual = rebuilt->forward(x, false);
        QCOMPARE(actual.dims(), expected.dims());
        for (std::size_t i = 0; i < expected.size(); ++i) QCOMPARE(actual[i], expected[i]);

        ModelSnapshot broken = snapshot;
        broken.tensors[0].second.pop_back();
        QVERIFY(throwsWith<Error>([&] { buildModel(broken); }, {"0.weights"}));
        broken = snapshot;
        broken.tensors.pop_back();
        QVERIFY(throwsWith<Error>([&] { buildModel(broken); }, {"tensors"}));
    }
};

QTEST_APPLESS_MAIN(InspectTest)
#include "test_inspect.moc"
