// The trainer end to end: it learns, it reaches the closed-form answer, it is repeatable,
// it stops on divergence and obeys pause/step/stop.
#include <QtTest>

#include "TestDatasets.h"

#include <atomic>
#include <cmath>
#include <thread>

#include "ExpectError.h"
#include "common/Error.h"
#include "common/Random.h"
#include "data/DatasetCatalog.h"
#include "train/Presets.h"
#include "train/Trainer.h"

using namespace nw;

namespace {

// Three equal gaussian blobs in 2-D.
Dataset blobs(int perClass, std::uint64_t seed) { return nw::testing::blobs({perClass, perClass, perClass}, seed); }

std::string dataDir() {
    const char* env = std::getenv("NETWRIGHT_DATA_DIR");
    return env ? env : "data";
}

struct CountingObserver : TrainingObserver {
    std::atomic<int> batches{0};
    std::vector<EpochReport> epochs;
    void onBatchEnd(const BatchReport&) override { ++batches; }
    void onEpochEnd(const EpochReport& r) override { epochs.push_back(r); }
};

}  // namespace

class TrainingTest : public QObject {
    Q_OBJECT
private slots:
    // 8-bit samples are converted and normalised in one pass (with rows fetched ahead); the
    // batch must hold exactly what the float path makes: convert, subtract, scale.
    void gatherOfBytesMatchesTheFloatPath() {
        const int samples = 7, features = 70;
        std::vector<std::uint8_t> bytes(samples * features);
        for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>((i * 37 + 11) % 256);
        std::vector<float> targets(samples);
        for (int i = 0; i < samples; ++i) targets[static_cast<std::size_t>(i)] = static_cast<float>(i % 3);
        const SampleSet asBytes({features}, bytes, targets, 1);
        const SampleSet asFloats({features}, std::vector<float>(bytes.begin(), bytes.end()), targets, 1);
        Normalization perFeature;
        perFeature.offset.resize(features);
        perFeature.scale.resize(features);
        for (int k = 0; k < features; ++k) {
            perFeature.offset[static_cast<std::size_t>(k)] = 0.5f * static_cast<float>(k);
            perFeature.scale[static_cast<std::size_t>(k)] = 1.0f / static_cast<float>(k + 3);
        }
        const std::vector<std::size_t> order{6, 2, 2, 0, 5, 3, 1, 4};
        for (const Normalization& n : {Normalization::identity(), Normalization::scaled(1.0f / 255.0f),
                                       Normalization{{33.3f}, {0.0125f}}, perFeature}) {
            Tensor x, y, xf, yf;
            asBytes.gather(order, n, x, y);
            asFloats.gather(order, n, xf, yf);
            QCOMPARE(x.dims(), (Shape{8, features}));
            QVERIFY(std::equal(x.data(), x.data() + x.size(), xf.data()));
            QVERIFY(std::equal(y.data(), y.data() + y.size(), yf.data()));
            const std::size_t row = 3, k = 17;  // sample 0, feature 17
            QCOMPARE(x[row * features + k], (static_cast<float>(bytes[k]) - n.offset[n.offset.size() == 1 ? 0 : k]) *
                                                 n.scale[n.scale.size() == 1 ? 0 : k]);
        }
    }

    void learnsBlobs() {
        const Dataset d = blobs(100, 3);
        Preset p = makePreset("mlp64", d);
        p.training.epochs = 15;
        p.training.validationSplit = 0.2;
        Model model(p.spec, d.sampleShape, 1);
        Trainer trainer(model, d, p.training);
        QCOMPARE(trainer.validationIndices().size(), std::size_t{60});
        const auto result = trainer.run();
        QCOMPARE(result.status, TrainingResult::Status::Completed);
        QCOMPARE(result.history.size(), std::size_t{15});
        QVERIFY(result.history.back().train.loss < result.history.front().train.loss);
        QVERIFY(*result.history.back().validation.accuracy > 0.95);
    }

    void mnistSubsetLearns() {
        DatasetOptions o;
        o.dataDir = dataDir();
        Dataset mnist = loadDataset("mnist", o);
        QCOMPARE(mnist.train.size(), std::size_t{60000});
        QCOMPARE(mnist.test.size(), std::size_t{10000});
        QCOMPARE(mnist.sampleShape, (Shape{1, 28, 28}));
        std::vector<std::size_t> first(3000), firstTest(1000);
        std::iota(first.begin(), first.end(), 0);
        std::iota(firstTest.begin(), firstTest.end(), 0);
        mnist.train = mnist.train.subset(first);
        mnist.test = mnist.test.subset(firstTest);
        for (const char* preset : {"mlp", "cnn"}) {
            Preset p = makePreset(preset, mnist);
            p.training.epochs = 2;
            Model model(p.spec, mnist.sampleShape, 1);
            Trainer trainer(model, mnist, p.training);
            const auto before = trainer.evaluate(mnist.test);
            QCOMPARE(trainer.run().status, TrainingResult::Status::Completed);
            const auto after = trainer.evaluate(mnist.test);
            QVERIFY2(*after.accuracy > 0.85, qPrintable(QString("%1: %2").arg(preset).arg(*after.accuracy)));
            QVERIFY(after.loss < before.loss / 3);
        }
    }

    void linregReachesTheLeastSquaresFit() {
        const Dataset d = makeLinearDataset(100, 1);
        // Closed form for y = w x + b.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        const auto& set = d.train;
        for (std::size_t i = 0; i < set.size(); ++i) {
            const double x = set.rawSample(i)[0], y = set.target(i);
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        const double n = static_cast<double>(set.size());
        const double w = (n * sxy - sx * sy) / (n * sxx - sx * sx), b = (sy - w * sx) / n;
        QVERIFY(std::abs(w - 3.0) < 0.5 && std::abs(b - 2.5) < 0.3);

        auto train = [&](double lr) {
            Preset p = makePreset("linreg", d);
            p.training.schedule.baseRate = lr;
            Model model(p.spec, d.sampleShape, 1);
            Trainer trainer(model, d, p.training);
            CountingObserver counter;
            trainer.run(&counter);
            [&] { QCOMPARE(counter.batches.load(), 1000); }();  // full batch: one step per epoch
            auto params = model.parameters();
            return std::pair<double, double>{(*params[0].value)[0], (*params[1].value)[0]};
        };
        const auto [w1, b1] = train(0.1);
        QVERIFY2(std::abs(w1 - w) < 0.01 && std::abs(b1 - b) < 0.01,
                 qPrintable(QString("trained w=%1 b=%2, least squares w=%3 b=%4").arg(w1).arg(b1).arg(w).arg(b)));
        const auto [w2, b2] = train(0.01);  // the founding article's rate has not converged
        QVERIFY(std::abs(w2 - w) > 0.1);
    }

    void sameSeedSameNumbers() {
        const Dataset d = blobs(60, 5);
        for (int threads : {1, 2}) {
            std::vector<std::vector<EpochReport>> runs;
            std::vector<std::vector<float>> weights;
            for (int run = 0; run < 2; ++run) {
                Preset p = makePreset("mlp64", d);
                p.training.epochs = 3;
                p.training.threads = threads;
                p.training.seed = 11;
                p.training.validationSplit = 0.25;
                Model model(p.spec, d.sampleShape, p.training.seed);
                Trainer trainer(model, d, p.training);
                runs.push_back(trainer.run().history);
                auto first = model.parameters().front().value;
                weights.emplace_back(first->data(), first->data() + first->size());
            }
            QVERIFY2(weights[0] == weights[1], qPrintable(QString("threads %1").arg(threads)));
            for (std::size_t e = 0; e < runs[0].size(); ++e) {
                QCOMPARE(runs[0][e].train.loss, runs[1][e].train.loss);
                QCOMPARE(*runs[0][e].validation.accuracy, *runs[1][e].validation.accuracy);
            }
        }
    }

    void divergenceStopsWithAClearMessage() {
        const Dataset d = makeLinearDataset(100, 1);
        Preset p = makePreset("linreg", d);
        p.training.schedule.baseRate = 50.0;
        Model model(p.spec, d.sampleShape, 1);
        Trainer trainer(model, d, p.training);
        const auto result = trainer.run();
        QCOMPARE(result.status, TrainingResult::Status::Diverged);
        QVERIFY2(QString::fromStdString(result.message).contains("diverged") &&
                     QString::fromStdString(result.message).contains("smaller learning rate"),
                 result.message.c_str());
        QVERIFY(result.history.size() < 1000);
    }

    void stepRunsExactlyOneBatchThenStopEnds() {
        const Dataset d = blobs(100, 2);
        Preset p = makePreset("tiny", d);
        p.training.batchSize = 10;
        Model model(p.spec, d.sampleShape, 1);
        Trainer trainer(model, d, p.training);
        TrainingControl control;
        control.pause();
        CountingObserver counter;
        TrainingResult result;
        std::thread worker([&] { result = trainer.run(&counter, &control); });
        control.step();
        QTRY_COMPARE(counter.batches.load(), 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(counter.batches.load(), 1);  // paused again after the step
        control.step();
        control.step();
        QTRY_COMPARE(counter.batches.load(), 3);
        control.resume();
        QTRY_VERIFY(counter.batches.load() > 3);
        control.stop();
        worker.join();
        QVERIFY(result.status == TrainingResult::Status::Stopped || result.status == TrainingResult::Status::Completed);
        if (result.status == TrainingResult::Status::Stopped) QVERIFY(QString::fromStdString(result.message).contains("stopped"));
    }

    void configurationThatCannotWorkIsRefused() {
        const Dataset classes = blobs(10, 1);
        Preset p = makePreset("mlp64", classes);
        Model model(p.spec, classes.sampleShape, 1);
        TrainingConfig mse = p.training;
        mse.loss = "mse";
        QVERIFY(testing::throwsWith<Error>([&] { Trainer(model, classes, mse); }, {"regression", "cross_entropy"}));
        const Dataset linear = makeLinearDataset(20, 1);
        Preset lin = makePreset("linreg", linear);
        Model linModel(lin.spec, linear.sampleShape, 1);
        TrainingConfig ce = lin.training;
        ce.loss = "cross_entropy";
        QVERIFY(testing::throwsWith<Error>([&] { Trainer(linModel, linear, ce); }, {"class labels", "mse"}));
        Model wrongHead(nlohmann::json{{"layers", {{{"type", "dense"}, {"units", 4}, {"activation", "softmax"}}}}}, {2}, 1);
        QVERIFY(testing::throwsWith<Error>([&] { Trainer(wrongHead, classes, p.training); }, {"4 outputs", "3 classes"}));
        TrainingConfig badSplit = p.training;
        badSplit.validationSplit = 1.0;
        QVERIFY(testing::throwsWith<Error>([&] { Trainer(model, classes, badSplit); }, {"validation split"}));
    }
};

QTEST_GUILESS_MAIN(TrainingTest)
#include "test_training.moc"
