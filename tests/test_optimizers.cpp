// Optimizer updates and learning-rate schedules against values worked out by hand.
#include <QtTest>

#include <cmath>

#include "common/Error.h"
#include "nn/LearningRateSchedule.h"
#include "nn/Optimizer.h"

using namespace nw;

namespace {

// One parameter vector w with gradient g, stepped by an optimizer.
struct Fixture {
    Tensor value{std::vector<int>{2}}, gradient{std::vector<int>{2}};
    std::vector<Parameter> params() { return {{"w", &value, &gradient}}; }
    void set(float w0, float w1, float g0, float g1) {
        value[0] = w0, value[1] = w1;
        gradient[0] = g0, gradient[1] = g1;
    }
};

bool near(float a, double b, double tolerance = 1e-6) { return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b)); }

}  // namespace

class OptimizerTest : public QObject {
    Q_OBJECT
private slots:
    void plainSgd() {
        OptimizerSettings s;
        s.kind = "sgd";
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(1.0f, -2.0f, 0.5f, -1.0f);
        opt->step(f.params(), 0.1f);
        QVERIFY(near(f.value[0], 0.95));
        QVERIFY(near(f.value[1], -1.9));
    }
    void sgdMomentumAccumulatesVelocity() {
        OptimizerSettings s;
        s.kind = "sgd";
        s.momentum = 0.9f;
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(1.0f, 0.0f, 1.0f, 2.0f);
        opt->step(f.params(), 0.1f);  // v = g = (1, 2); w -= 0.1 v
        QVERIFY(near(f.value[0], 0.9));
        QVERIFY(near(f.value[1], -0.2));
        f.gradient[0] = 1.0f, f.gradient[1] = 2.0f;
        opt->step(f.params(), 0.1f);  // v = 0.9 v + g = (1.9, 3.8)
        QVERIFY(near(f.value[0], 0.9 - 0.19));
        QVERIFY(near(f.value[1], -0.2 - 0.38));
    }
    void sgdNesterovLooksAhead() {
        OptimizerSettings s;
        s.kind = "sgd";
        s.momentum = 0.5f;
        s.nesterov = true;
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(0.0f, 0.0f, 2.0f, -4.0f);
        opt->step(f.params(), 0.1f);  // v = g; step g + 0.5 v = 1.5 g
        QVERIFY(near(f.value[0], -0.3));
        QVERIFY(near(f.value[1], 0.6));
        f.gradient[0] = 2.0f, f.gradient[1] = -4.0f;
        opt->step(f.params(), 0.1f);  // v = 0.5*2 + 2 = 3; step 2 + 1.5 = 3.5
        QVERIFY(near(f.value[0], -0.3 - 0.35));
        QVERIFY(near(f.value[1], 0.6 + 0.7));
    }
    void sgdWeightDecayAddsL2Gradient() {
        OptimizerSettings s;
        s.kind = "sgd";
        s.weightDecay = 0.1f;
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(2.0f, -1.0f, 0.0f, 1.0f);
        opt->step(f.params(), 0.5f);  // g' = g + 0.1 w = (0.2, 0.9)
        QVERIFY(near(f.value[0], 1.9));
        QVERIFY(near(f.value[1], -1.45));
    }
    void adamFirstStepsMatchTheClosedForm() {
        OptimizerSettings s;
        s.kind = "adam";
        s.epsilon = 1e-8f;
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(1.0f, 1.0f, 0.5f, -2.0f);
        // Step 1: m̂ = g, v̂ = g², so the step is lr * sign(g) (up to epsilon).
        opt->step(f.params(), 0.01f);
        QVERIFY(near(f.value[0], 0.99, 1e-5));
        QVERIFY(near(f.value[1], 1.01, 1e-5));
        // Step 2 with g = (0.25, -2): m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g².
        f.gradient[0] = 0.25f, f.gradient[1] = -2.0f;
        opt->step(f.params(), 0.01f);
        const double m = 0.9 * 0.1 * 0.5 + 0.1 * 0.25, v = 0.999 * 0.001 * 0.25 + 0.001 * 0.0625;
        const double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        QVERIFY(near(f.value[0], 0.99 - 0.01 * mHat / (std::sqrt(vHat) + 1e-8), 1e-5));
        QVERIFY(near(f.value[1], 1.02, 1e-5));  // constant gradient: another full lr step
    }
    void rmsPropNormalisesByRunningSquare() {
        OptimizerSettings s;
        s.kind = "rmsprop";
        s.rho = 0.9f;
        s.epsilon = 1e-8f;
        auto opt = makeOptimizer(s);
        Fixture f;
        f.set(0.0f, 0.0f, 2.0f, -0.5f);
        opt->step(f.params(), 0.01f);  // s = 0.1 g²; step = lr g / sqrt(0.1 g²) = lr sign(g) / sqrt(0.1)
        QVERIFY(near(f.value[0], -0.01 / std::sqrt(0.1), 1e-5));
        QVERIFY(near(f.value[1], 0.01 / std::sqrt(0.1), 1e-5));
    }
    void unknownOptimizerIsRejected() {
        OptimizerSettings s;
        s.kind = "adagrad";
        bool threw = false;
        try {
            makeOptimizer(s);
        } catch (const std::exception& e) {
            threw = QString(e.what()).contains("adagrad");
        }
        QVERIFY(threw);
    }
    void schedules() {
        LearningRateSchedule constant;
        constant.baseRate = 0.1;
        QCOMPARE(constant.rateAt(7.5), 0.1);
        LearningRateSchedule step;
        step.kind = "step";
        step.baseRate = 1.0;
        step.stepEpochs = 2;
        step.gamma = 0.5;
        QCOMPARE(step.rateAt(0.0), 1.0);
        QCOMPARE(step.rateAt(1.99), 1.0);
        QCOMPARE(step.rateAt(2.0), 0.5);
        QCOMPARE(step.rateAt(5.0), 0.25);
        LearningRateSchedule cosine;
        cosine.kind = "cosine";
        cosine.baseRate = 1.0;
        cosine.minRate = 0.1;
        cosine.totalEpochs = 10;
        QVERIFY(std::abs(cosine.rateAt(0) - 1.0) < 1e-12);
        QVERIFY(std::abs(cosine.rateAt(5) - 0.55) < 1e-12);
        QVERIFY(std::abs(cosine.rateAt(10) - 0.1) < 1e-12);
        QVERIFY(std::abs(cosine.rateAt(20) - 0.1) < 1e-12);
    }

    // A restored state continues exactly where the saved optimizer would have gone.
    void restoredStateContinuesExactly() {
        for (const char* kind : {"sgd", "adam", "rmsprop"}) {
            OptimizerSettings s;
            s.kind = kind;
            s.momentum = 0.9f;
            auto original = makeOptimizer(s);
            Fixture a;
            a.set(1.0f, -2.0f, 0.5f, -1.0f);
            for (int i = 0; i < 3; ++i) original->step(a.params(), 0.01f);
            const OptimizerState saved = original->state();
            QVERIFY(!saved.arrays.empty());
            QCOMPARE(saved.steps, 3L);

            auto restored = makeOptimizer(s);
            Fixture b = a;
            restored->restore(saved, b.params());
            original->step(a.params(), 0.01f);
            restored->step(b.params(), 0.01f);
            QCOMPARE(b.value[0], a.value[0]);
            QCOMPARE(b.value[1], a.value[1]);
        }
    }

    void stateOfAnotherOptimizerIsRefused() {
        OptimizerSettings adam;
        adam.kind = "adam";
        auto a = makeOptimizer(adam);
        Fixture f;
        f.set(1.0f, 1.0f, 1.0f, 1.0f);
        a->step(f.params(), 0.1f);
        OptimizerSettings rms;
        rms.kind = "rmsprop";
        auto r = makeOptimizer(rms);
        QVERIFY_THROWS_EXCEPTION(Error, r->restore(a->state(), f.params()));
        // The right kind, but for a parameter of another size.
        OptimizerState wrong = a->state();
        wrong.arrays[0].second = Eigen::ArrayXf::Zero(5);
        auto b = makeOptimizer(adam);
        QVERIFY_THROWS_EXCEPTION(Error, b->restore(wrong, f.params()));
    }
};

QTEST_APPLESS_MAIN(OptimizerTest)
#include "test_optimizers.moc"
