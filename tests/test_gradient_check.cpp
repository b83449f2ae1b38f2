// Every layer's and loss's backward pass against central differences of its forward pass.
#include <QtTest>

#include "ExpectError.h"
#include "common/Error.h"
#include "GradientCheck.h"
#include "nn/LayerFactory.h"
#include "nn/Loss.h"
#include "nn/Model.h"
#include "train/Trainer.h"

using namespace nw;
using nw::testing::fillRandom;
using nw::testing::worstGradientError;

namespace {

constexpr double kTolerance = 2e-2;

// Checks d(sum(output * projection))/d(input) and /d(each parameter) for one layer.
void checkLayer(const nlohmann::json& entry, const Shape& inputShape, int batch = 3, bool training = true) {
    Random rng(42);
    auto layer = makeLayer(entry);
    layer->build(inputShape, rng);
    Tensor input;
    input.resizeBatch(batch, inputShape);
    fillRandom(input, rng);
    Tensor projection;
    {
        const Tensor& out = layer->forward(input, training);
        projection.resize(out.dims());
        fillRandom(projection, rng);
    }
    auto objective = [&] {
        const Tensor& out = layer->forward(input, training);
        double sum = 0.0;
        for (std::size_t i = 0; i < out.size(); ++i) sum += static_cast<double>(out[i]) * projection[i];
        return sum;
    };
    layer->forward(input, training);
    const Tensor inputGradient = layer->backward(projection);
    std::vector<Tensor> parameterGradients;
    for (auto& p : layer->parameters()) parameterGradients.push_back(*p.gradient);

    const double inputError = worstGradientError(input, inputGradient, objective);
    QVERIFY2(inputError < kTolerance, qPrintable(QString("%1: input gradient error %2")
                                                     .arg(QString::fromStdString(entry.dump())).arg(inputError)));
    auto params = layer->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) {
        const double error = worstGradientError(*params[i].value, parameterGradients[i], objective);
        QVERIFY2(error < kTolerance, qPrintable(QString("%1: %2 gradient error %3")
                                                    .arg(QString::fromStdString(entry.dump()))
                                                    .arg(QString::fromStdString(params[i].name))
                                                    .arg(error)));
    }
}

// One forward and backward pass of a layer on a batch large enough to be split across
// compute threads: the output, then the input and parameter gradients, one after another.
std::vector<float> passWithThreads(const nlohmann::json& entry, const Shape& inputShape, int batch, int threads) {
    setComputeThreads(threads);
    Random rng(5);
    auto layer = makeLayer(entry);
    layer->build(inputShape, rng);
    Tensor input;
    input.resizeBatch(batch, inputShape);
    fillRandom(input, rng);
    const Tensor& out = layer->forward(input, true);
    std::vector<float> values(out.data(), out.data() + out.size());
    Tensor projection(out.dims());
    fillRandom(projection, rng);
    const Tensor& gradient = layer->backward(projection);
    values.insert(values.end(), gradient.data(), gradient.data() + gradient.size());
    for (auto& p : layer->parameters()) values.insert(values.end(), p.gradient->data(), p.gradient->data() + p.gradient->size());
    setComputeThreads(0);
    return values;
}

// Checks a loss's gradient with respect to the predictions, or through its fused activation
// with respect to the logits.
void checkLoss(const std::string& name, const Tensor& targets, int width, const Activation& activation, bool fused) {
    Random rng(7);
    auto loss = makeLoss(name);
    Tensor logits({targets.batch(), width});
    fillRandom(logits, rng, -2.0, 2.0);
    Tensor predictions;
    auto forward = [&] {
        predictions.resize(logits.dims());
        predictions.array() = logits.array();
        activation.apply(predictions);
    };
    forward();
    Tensor gradient;
    if (fused) loss->gradientThroughActivation(predictions, targets, gradient);
    else loss->gradient(predictions, targets, gradient);
    Tensor wrtLogits;
    if (fused) wrtLogits = gradient;
    else activation.backward(predictions, gradient, wrtLogits);
    const double error = worstGradientError(logits, wrtLogits, [&] {
        forward();
        return loss->value(predictions, targets);
    }, 1e-3f);
    QVERIFY2(error < kTolerance, qPrintable(QString("%1 (%2, fused %3): gradient error %4")
                                                .arg(QString::fromStdString(name))
                                                .arg(QString::fromStdString(activation.name()))
                                                .arg(fused)
                                                .arg(error)));
}

}  // namespace

class GradientCheckTest : public QObject {
    Q_OBJECT
private slots:
    void denseWithEachActivation() {
        for (const char* a : {"linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"})
            checkLayer({{"type", "dense"}, {"units", 4}, {"activation", a}}, {5});
        checkLayer({{"type", "dense"}, {"units", 3}, {"use_bias", false}}, {4});
    }
    void conv2dValidSameAndStrided() {
        checkLayer({{"type", "conv2d"}, {"filters", 3}, {"kernel_size", 3}}, {2, 5, 5});
        checkLayer({{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 3}, {"padding", "same"}, {"activation", "tanh"}}, {2, 4, 5});
        checkLayer({{"type", "conv2d"}, {"filters", 2}, {"kernel_size", {2, 3}}, {"strides", 2}, {"padding", "same"}}, {1, 5, 6});
        checkLayer({{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 2}, {"strides", {2, 1}}, {"activation", "relu"}}, {3, 5, 4});
    }
    void pooling() {
        checkLayer({{"type", "maxpool2d"}, {"pool_size", 2}}, {2, 4, 4});
        checkLayer({{"type", "maxpool2d"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}}, {1, 5, 5});
        checkLayer({{"type", "avgpool2d"}, {"pool_size", 2}}, {2, 4, 6});
        checkLayer({{"type", "avgpool2d"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}}, {1, 5, 4});
    }
    void flatten() { checkLayer({{"type", "flatten"}}, {2, 3, 3}); }
    void activationLayers() {
        for (const char* a : {"relu", "leaky_relu", "sigmoid", "tanh", "softmax"}) checkLayer({{"type", a}}, {6});
        checkLayer({{"type", "leaky_relu"}, {"alpha", 0.2}}, {2, 3, 3});
    }
    // Conv2D and pooling split a batch across threads: the numbers match one thread's (up to
    // the order of a sum) and are the same on every run with the same thread count.
    void threadsSplitTheBatchWithoutChangingTheResult() {
        const std::vector<std::pair<nlohmann::json, Shape>> layers{
            {{{"type", "conv2d"}, {"filters", 8}, {"kernel_size", 3}, {"activation", "relu"}}, {2, 28, 28}},
            {{{"type", "conv2d"}, {"filters", 4}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}}, {3, 15, 15}},
            {{{"type", "maxpool2d"}, {"pool_size", 2}}, {8, 27, 27}}};
        for (const auto& [entry, shape] : layers) {
            const auto one = passWithThreads(entry, shape, 128, 1);
            const auto two = passWithThreads(entry, shape, 128, 2);
            QCOMPARE(two, passWithThreads(entry, shape, 128, 2));
            QCOMPARE(one.size(), two.size());
            double worst = 0;
            for (std::size_t i = 0; i < one.size(); ++i)
                worst = std::max(worst, std::abs(double(one[i]) - two[i]) / (1.0 + std::abs(double(one[i]))));
            QVERIFY2(worst < 1e-5, qPrintable(QString("%1: %2").arg(QString::fromStdString(entry.dump())).arg(worst)));
        }
    }

    // A model lets max pooling differentiate through the activation before it, on the pooled
    // outputs (Layer::takeInputActivationGradient): its gradients are those of the same layers
    // chained by hand, each differentiating its own activation, and no gradient is lost.
    void maxPoolingTakesOverThePreviousActivationGradient() {
        const std::vector<nlohmann::json> pools{{{"type", "maxpool2d"}, {"pool_size", 2}},
                                                {{"type", "maxpool2d"}, {"pool_size", 3}, {"strides", 2}, {"padding", "same"}}};
        for (const char* activation : {"relu", "leaky_relu", "sigmoid", "tanh"})
            for (const auto& pool : pools)
                for (const bool ownLayer : {false, true}) {
                    nlohmann::json layers = nlohmann::json::array();
                    layers.push_back({{"type", "conv2d"}, {"filters", 3}, {"kernel_size", 3}, {"activation", ownLayer ? "linear" : activation}});
                    if (ownLayer) layers.push_back({{"type", activation}});
                    layers.push_back(pool);
                    layers.push_back({{"type", "flatten"}});
                    layers.push_back({{"type", "dense"}, {"units", 3}});
                    const QString label = QString::fromStdString(layers.dump());
                    const Shape inputShape{2, 9, 9};
                    Model model({{"layers", layers}}, inputShape, 11);
                    model.setInputGradientNeeded(true);
                    // The same layers from the same seed, as the model builds them, but on their own.
                    std::vector<std::unique_ptr<Layer>> chain;
                    Random rng(11);
                    Shape shape = inputShape;
                    for (const auto& entry : layers) {
                        chain.push_back(makeLayer(entry));
                        chain.back()->build(shape, rng);
                        shape = chain.back()->builtOutputShape();
                    }
                    Random data(3);
                    Tensor input;
                    input.resizeBatch(4, inputShape);
                    fillRandom(input, data);
                    const Tensor* x = &input;
                    for (auto& layer : chain) x = &layer->forward(*x, true);
                    Tensor projection(x->dims());
                    fillRandom(projection, data);
                    model.forward(input, true);
                    const Tensor *fused = &projection, *reference = &projection;
                    for (std::size_t i = chain.size(); i-- > 0;) {
                        fused = &model.layer(i).backward(*fused);
                        reference = &chain[i]->backward(*reference);
                        auto ours = model.layer(i).parameters(), theirs = chain[i]->parameters();
                        for (std::size_t k = 0; k < ours.size(); ++k)
                            QVERIFY2(ours[k].gradient->array().isApprox(theirs[k].gradient->array(), 1e-5f),
                                     qPrintable(label + ": layer " + QString::number(i) + " " + QString::fromStdString(ours[k].name)));
                    }
                    QCOMPARE(fused->size(), input.size());
                    QVERIFY2(fused->array().isApprox(reference->array(), 1e-5f), qPrintable(label + ": input gradient"));
                    QVERIFY2(fused->array().abs().maxCoeff() > 0.0f, qPrintable(label + ": input gradient is zero"));
                }
    }

    void batchNormDenseAndConv() {
        checkLayer({{"type", "batchnorm"}}, {4}, 5);
        checkLayer({{"type", "batchnorm"}}, {2, 3, 3}, 3);
        checkLayer({{"type", "batchnorm"}}, {3}, 4, false);  // inference: running statistics
    }
    void dropoutScalesKeptValuesAndRoutesGradient() {
        Random rng(1);
        auto layer = makeLayer({{"type", "dropout"}, {"rate", 0.25}});
        layer->build({1000}, rng);
        Tensor input({2, 1000});
        input.array().setConstant(1.0f);
        const Tensor out = layer->forward(input, true);
        int kept = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            QVERIFY(out[i] == 0.0f || std::abs(out[i] - 1.0f / 0.75f) < 1e-6f);
            kept += out[i] != 0.0f;
        }
        QVERIFY(kept > 1350 && kept < 1650);  // 75% of 2000, give or take 5 standard deviations
        Tensor grad({2, 1000});
        grad.array().setConstant(2.0f);
        const Tensor& gi = layer->backward(grad);
        for (std::size_t i = 0; i < out.size(); ++i) QCOMPARE(gi[i], out[i] * 2.0f);
        const Tensor& inference = layer->forward(input, false);
        QVERIFY((inference.array() == 1.0f).all());
    }
    void lossesAgainstPredictions() {
        Tensor labels({4});
        for (int i = 0; i < 4; ++i) labels[i] = static_cast<float>(i % 3);
        Tensor oneHot({4, 3});
        oneHot.setZero();
        for (int i = 0; i < 4; ++i) oneHot[i * 3 + i % 3] = 1.0f;
        Tensor values({4, 2});
        Random rng(3);
        fillRandom(values, rng);
        Tensor binary({4});
        for (int i = 0; i < 4; ++i) binary[i] = static_cast<float>(i % 2);
        const Activation softmax{ActivationKind::Softmax}, sigmoid{ActivationKind::Sigmoid}, linear{};
        checkLoss("mse", values, 2, linear, false);
        checkLoss("cross_entropy", labels, 3, softmax, false);
        checkLoss("cross_entropy", labels, 3, softmax, true);
        checkLoss("cross_entropy", oneHot, 3, softmax, false);
        checkLoss("cross_entropy", oneHot, 3, softmax, true);
        checkLoss("binary_cross_entropy", binary, 1, sigmoid, false);
        checkLoss("binary_cross_entropy", binary, 1, sigmoid, true);
    }
    void crossEntropyValueIsMeanNegativeLogLikelihood() {
        Tensor p({2, 2});
        p[0] = 0.25f, p[1] = 0.75f, p[2] = 0.5f, p[3] = 0.5f;
        Tensor y({2});
        y[0] = 1, y[1] = 0;
        QVERIFY(std::abs(makeLoss("cross_entropy")->value(p, y) - (-(std::log(0.75) + std::log(0.5)) / 2)) < 1e-6);
        Tensor bad({2});
        bad[0] = 5, bad[1] = 0;
        QVERIFY(nw::testing::throwsWith<nw::Error>([&] { makeLoss("cross_entropy")->value(p, bad); }, {"outside"}));
    }
};

QTEST_APPLESS_MAIN(GradientCheckTest)
#include "test_gradient_check.moc"
