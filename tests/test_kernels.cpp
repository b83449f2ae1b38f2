// Every fast kernel of nn/kernels against a plain reference on random shapes: odd sizes,
// strides, padding, one thread and two. Built twice (tests/CMakeLists.txt): for this CPU, and
// for x86-64-v3 without AVX-512, so that on an AVX-512 machine both pooling paths run.
#include <QtTest>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "nn/kernels/ComputeThreads.h"
#include "nn/kernels/DenseProduct.h"
#include "nn/kernels/Gemm.h"
#include "nn/kernels/Im2col.h"
#include "nn/kernels/Pooling.h"

using namespace nw;

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<float> randomValues(std::size_t n, std::mt19937& rng) {
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v) x = uniform(rng);
    return v;
}

int randomInt(std::mt19937& rng, int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); }

bool close(const std::vector<float>& a, const std::vector<float>& b, float tolerance = 1e-5f) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::abs(a[i] - b[i]) <= tolerance * std::max(1.0f, std::abs(b[i])))) return false;
    return true;
}

QString describe(const PlaneWindows& g) {
    return QString("%1x%2 window %3x%4 stride %5x%6 pad %7,%8")
        .arg(g.height).arg(g.width).arg(g.windowH).arg(g.windowW).arg(g.strideH).arg(g.strideW)
        .arg(g.rows.padBefore).arg(g.cols.padBefore);
}

// A random window geometry whose output is not empty.
PlaneWindows randomWindows(std::mt19937& rng) {
    for (;;) {
        const Padding padding = randomInt(rng, 0, 1) ? Padding::Same : Padding::Valid;
        const PlaneWindows g = planeWindows(randomInt(rng, 1, 11), randomInt(rng, 1, 11), randomInt(rng, 1, 4),
                                            randomInt(rng, 1, 4), randomInt(rng, 1, 3), randomInt(rng, 1, 3), padding);
        if (g.rows.output > 0 && g.cols.output > 0) return g;
    }
}

// The input cell of window (oy, ox)'s offset (ky, kx), or -1 in the padding.
int inputCell(const PlaneWindows& g, int oy, int ox, int ky, int kx) {
    const int iy = oy * g.strideH - g.rows.padBefore + ky, ix = ox * g.strideW - g.cols.padBefore + kx;
    return iy < 0 || iy >= g.height || ix < 0 || ix >= g.width ? -1 : iy * g.width + ix;
}

// Pooling by definition, window by window.
struct ReferencePool {
    std::vector<float> max, average;
    std::vector<int> argmax;
};
ReferencePool referencePool(const PlaneWindows& g, const std::vector<float>& x, int planes) {
    const int outPlane = g.outputPlane(), inPlane = g.height * g.width;
    ReferencePool r{std::vector<float>(static_cast<std::size_t>(planes) * outPlane),
                    std::vector<float>(static_cast<std::size_t>(planes) * outPlane),
                    std::vector<int>(static_cast<std::size_t>(planes) * outPlane)};
    for (int p = 0; p < planes; ++p)
        for (int oy = 0; oy < g.rows.output; ++oy)
            for (int ox = 0; ox < g.cols.output; ++ox) {
                float best = -std::numeric_limits<float>::infinity(), sum = 0.0f;
                int winner = -1, count = 0;
                for (int ky = 0; ky < g.windowH; ++ky)
                    for (int kx = 0; kx < g.windowW; ++kx) {
                        const int cell = inputCell(g, oy, ox, ky, kx);
                        if (cell < 0) continue;
                        const float v = x[static_cast<std::size_t>(p) * inPlane + cell];
                        if (winner < 0 || v > best) best = v, winner = cell;
                        sum += v;
                        ++count;
                    }
                const std::size_t o = static_cast<std::size_t>(p) * outPlane + oy * g.cols.output + ox;
                r.max[o] = best;
                r.argmax[o] = winner;
                r.average[o] = sum / static_cast<float>(count);
            }
    return r;
}

// The input gradient of max pooling: each output's gradient added to its window's winner.
std::vector<float> referenceMaxUnpool(const PlaneWindows& g, const std::vector<float>& gy, const std::vector<int>& argmax,
                                      int planes) {
    const int outPlane = g.outputPlane(), inPlane = g.height * g.width;
    std::vector<float> gx(static_cast<std::size_t>(planes) * inPlane, 0.0f);
    for (int p = 0; p < planes; ++p)
        for (int o = 0; o < outPlane; ++o)
            gx[static_cast<std::size_t>(p) * inPlane + argmax[static_cast<std::size_t>(p) * outPlane + o]] +=
                gy[static_cast<std::size_t>(p) * outPlane + o];
    return gx;
}

// The 2x2 kernels' winner codes as indices into the input plane.
std::vector<int> winnerCells(const PlaneWindows& g, const std::vector<std::uint8_t>& where) {
    std::vector<int> cells(where.size());
    const int outPlane = g.outputPlane();
    for (std::size_t o = 0; o < where.size(); ++o) {
        const int within = static_cast<int>(o % outPlane), oy = within / g.cols.output, ox = within % g.cols.output;
        cells[o] = (2 * oy + where[o] / 2) * g.width + 2 * ox + where[o] % 2;
    }
    return cells;
}

// A 2x2, stride-2 geometry of random size, odd ones included (their last row or column lies
// outside every window).
PlaneWindows random2x2(std::mt19937& rng) {
    return planeWindows(randomInt(rng, 2, 37), randomInt(rng, 2, 37), 2, 2, 2, 2, Padding::Valid);
}

}  // namespace

class KernelTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
#ifdef __AVX512F__
        qInfo("built with AVX-512 (__AVX512F__ defined)");
#else
        qInfo("built without AVX-512 (__AVX512F__ not defined)");
#endif
#ifdef NETWRIGHT_POOLING_AVX512
        qInfo("the AVX-512 pooling kernels are built and tested against the plain ones");
#else
        qInfo("no AVX-512 pooling kernels in this build: the plain ones run");
#endif
    }
    void cleanupTestCase() { setComputeThreads(0); }

    // OpenBLAS for most shapes in a release build, Eigen for thin products and without it:
    // every transpose combination, rows strided inside wider matrices, beta 0 (the
    // destination's old values ignored, NaN included), 1 (accumulated) and in between.
    void gemmMatchesEigenOnEveryPath() {
        std::mt19937 rng(8);
        for (const auto [m, n, k] : {std::array{37, 21, 45}, std::array{2, 30, 17}, std::array{40, 3, 9},
                                     std::array{64, 64, 1}, std::array{1, 1, 7}, std::array{5, 129, 33}})
            for (const Transpose opA : {Transpose::No, Transpose::Yes})
                for (const Transpose opB : {Transpose::No, Transpose::Yes})
                    for (const float beta : {0.0f, 1.0f, 0.5f}) {
                        const bool ta = opA == Transpose::Yes, tb = opB == Transpose::Yes;
                        const int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
                        const int aRows = ta ? k : m, bRows = tb ? n : k;
                        std::vector<float> a = randomValues(static_cast<std::size_t>(aRows) * lda, rng);
                        std::vector<float> b = randomValues(static_cast<std::size_t>(bRows) * ldb, rng);
                        std::vector<float> c = randomValues(static_cast<std::size_t>(m) * ldc, rng);
                        if (beta == 0.0f) c[0] = std::numeric_limits<float>::quiet_NaN();
                        Matrix A = Eigen::Map<Matrix>(a.data(), aRows, lda).leftCols(ta ? m : k);
                        Matrix B = Eigen::Map<Matrix>(b.data(), bRows, ldb).leftCols(tb ? k : n);
                        if (ta) A.transposeInPlace();
                        if (tb) B.transposeInPlace();
                        Matrix expected = A * B;
                        if (beta != 0.0f) expected += beta * Eigen::Map<Matrix>(c.data(), m, ldc).leftCols(n);
                        const std::vector<float> before = c;
                        gemm(opA, opB, m, n, k, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
                        const QString label =
                            QString("%1x%2x%3 ta %4 tb %5 beta %6").arg(m).arg(n).arg(k).arg(ta).arg(tb).arg(beta);
                        const Eigen::Map<Matrix> C(c.data(), m, ldc);
                        QVERIFY2(C.leftCols(n).isApprox(expected, 1e-5f), qPrintable(label));
                        // The padding between rows is not C's.
                        for (int i = 0; i < m; ++i)
                            for (int j = n; j < ldc; ++j)
                                QVERIFY2(C(i, j) == before[static_cast<std::size_t>(i) * ldc + j] ||
                                             std::isnan(before[static_cast<std::size_t>(i) * ldc + j]),
                                         qPrintable(label + ": wrote past a row"));
                    }
    }

    // im2col against the definition, with each sample's columns beside another's (a row
    // stride wider than one sample), and col2im as its adjoint: the sum over every window of
    // the column values of each input cell.
    void im2colAndCol2imMatchReferenceLoops() {
        std::mt19937 rng(3);
        for (int trial = 0; trial < 200; ++trial) {
            const PlaneWindows g = randomWindows(rng);
            const int channels = randomInt(rng, 1, 3), outPlane = g.outputPlane(), inPlane = g.height * g.width;
            const int rows = channels * g.windowH * g.windowW;
            const std::ptrdiff_t rowStride = outPlane + randomInt(rng, 0, 5);
            const std::vector<float> x = randomValues(static_cast<std::size_t>(channels) * inPlane, rng);
            std::vector<float> columns(static_cast<std::size_t>(rows) * rowStride, 7.0f);
            im2col(g, channels, x.data(), columns.data(), rowStride);
            std::vector<float> expectedSample(x.size(), 0.0f);
            const std::vector<float> columnGrad = randomValues(columns.size(), rng);
            for (int c = 0; c < channels; ++c)
                for (int ky = 0; ky < g.windowH; ++ky)
                    for (int kx = 0; kx < g.windowW; ++kx)
                        for (int oy = 0; oy < g.rows.output; ++oy)
                            for (int ox = 0; ox < g.cols.output; ++ox) {
                                const std::size_t at = ((c * g.windowH + ky) * g.windowW + kx) * rowStride +
                                                       oy * g.cols.output + ox;
                                const int cell = inputCell(g, oy, ox, ky, kx);
                                const float expected = cell < 0 ? 0.0f : x[static_cast<std::size_t>(c) * inPlane + cell];
                                QVERIFY2(columns[at] == expected, qPrintable("im2col " + describe(g)));
                                if (cell >= 0) expectedSample[static_cast<std::size_t>(c) * inPlane + cell] += columnGrad[at];
                            }
            std::vector<float> sample(x.size(), std::numeric_limits<float>::quiet_NaN());
            col2im(g, channels, columnGrad.data(), rowStride, sample.data());
            QVERIFY2(close(sample, expectedSample), qPrintable("col2im " + describe(g)));
        }
    }

    // The generic kernels (any window, stride, padding) against pooling by definition.
    void genericPoolingMatchesReference() {
        std::mt19937 rng(4);
        for (int trial = 0; trial < 200; ++trial) {
            const PlaneWindows g = randomWindows(rng);
            const int planes = randomInt(rng, 1, 4), outputs = planes * g.outputPlane();
            const std::vector<float> x = randomValues(static_cast<std::size_t>(planes) * g.height * g.width, rng);
            const ReferencePool expected = referencePool(g, x, planes);
            std::vector<float> y(static_cast<std::size_t>(outputs));
            std::vector<int> argmax(y.size());
            maxPool(g, x.data(), y.data(), argmax.data(), planes);
            QVERIFY2(y == expected.max && argmax == expected.argmax, qPrintable("max " + describe(g)));
            averagePool(g, x.data(), y.data(), planes);
            QVERIFY2(close(y, expected.average), qPrintable("average " + describe(g)));

            const std::vector<float> gy = randomValues(y.size(), rng);
            std::vector<float> gx(x.size(), std::numeric_limits<float>::quiet_NaN());
            maxUnpool(g, gy.data(), argmax.data(), gx.data(), planes);
            QVERIFY2(close(gx, referenceMaxUnpool(g, gy, expected.argmax, planes)), qPrintable("max backward " + describe(g)));
            std::vector<float> averageGrad(x.size(), 0.0f);
            for (int p = 0; p < planes; ++p)
                for (int oy = 0; oy < g.rows.output; ++oy)
                    for (int ox = 0; ox < g.cols.output; ++ox) {
                        int count = 0;
                        for (int ky = 0; ky < g.windowH; ++ky)
                            for (int kx = 0; kx < g.windowW; ++kx) count += inputCell(g, oy, ox, ky, kx) >= 0;
                        const float share = gy[static_cast<std::size_t>(p) * g.outputPlane() + oy * g.cols.output + ox] /
                                            static_cast<float>(count);
                        for (int ky = 0; ky < g.windowH; ++ky)
                            for (int kx = 0; kx < g.windowW; ++kx)
                                if (const int cell = inputCell(g, oy, ox, ky, kx); cell >= 0)
                                    averageGrad[static_cast<std::size_t>(p) * g.height * g.width + cell] += share;
                    }
            std::fill(gx.begin(), gx.end(), std::numeric_limits<float>::quiet_NaN());
            averageUnpool(g, gy.data(), gx.data(), planes);
            QVERIFY2(close(gx, averageGrad), qPrintable("average backward " + describe(g)));
        }
    }

    // The 2x2 fast path against the reference, the AVX-512 kernels (where built) against the
    // plain ones value for value, and the threaded entry points at one and two threads.
    void maxPooling2x2MatchesReferenceOnEveryPath() {
        std::mt19937 rng(5);
        for (int trial = 0; trial < 100; ++trial) {
            const PlaneWindows g = random2x2(rng);
            QVERIFY(isPlain2x2(g));
            const int planes = randomInt(rng, 1, 5), outputs = planes * g.outputPlane();
            const std::vector<float> x = randomValues(static_cast<std::size_t>(planes) * g.height * g.width, rng);
            const ReferencePool expected = referencePool(g, x, planes);
            std::vector<float> y(static_cast<std::size_t>(outputs));
            std::vector<std::uint8_t> where(y.size());
            maxPool2x2Plain(g, x.data(), y.data(), where.data(), 0, planes);
            QVERIFY2(y == expected.max, qPrintable("plain " + describe(g)));
            QVERIFY2(winnerCells(g, where) == expected.argmax, qPrintable("plain winners " + describe(g)));

            const std::vector<float> gy = randomValues(y.size(), rng);
            std::vector<float> gx(x.size(), std::numeric_limits<float>::quiet_NaN());
            maxUnpool2x2Plain(g, gy.data(), where.data(), gx.data(), 0, planes);
            const std::vector<float> expectedGrad = referenceMaxUnpool(g, gy, expected.argmax, planes);
            QVERIFY2(gx == expectedGrad, qPrintable("plain backward " + describe(g)));
#ifdef NETWRIGHT_POOLING_AVX512
            std::vector<float> yFast(y.size(), std::numeric_limits<float>::quiet_NaN());
            std::vector<std::uint8_t> whereFast(y.size(), 9);
            maxPool2x2Avx512(g, x.data(), yFast.data(), whereFast.data(), 0, planes);
            QVERIFY2(yFast == y && whereFast == where, qPrintable("AVX-512 " + describe(g)));
            std::vector<float> gxFast(x.size(), std::numeric_limits<float>::quiet_NaN());
            maxUnpool2x2Avx512(g, gy.data(), where.data(), gxFast.data(), 0, planes);
            QVERIFY2(gxFast == expectedGrad, qPrintable("AVX-512 backward " + describe(g)));
#endif
        }
        // Enough planes for two threads: a small CNN's first pooling at batch 32.
        const PlaneWindows g = planeWindows(26, 26, 2, 2, 2, 2, Padding::Valid);
        const int planes = 32 * 32;
        const std::vector<float> x = randomValues(static_cast<std::size_t>(planes) * 26 * 26, rng);
        const std::vector<float> gy = randomValues(static_cast<std::size_t>(planes) * g.outputPlane(), rng);
        std::vector<float> y(gy.size());
        std::vector<std::uint8_t> where(gy.size());
        maxPool2x2Plain(g, x.data(), y.data(), where.data(), 0, planes);
        std::vector<float> gx(x.size());
        maxUnpool2x2Plain(g, gy.data(), where.data(), gx.data(), 0, planes);
        for (const int threads : {1, 2}) {
            setComputeThreads(threads);
            std::vector<float> yThreads(y.size());
            std::vector<std::uint8_t> whereThreads(y.size());
            maxPool2x2(g, x.data(), yThreads.data(), whereThreads.data(), planes);
            QVERIFY2(yThreads == y && whereThreads == where, qPrintable(QString("%1 threads").arg(threads)));
            std::vector<int> prepared(static_cast<std::size_t>(planes), 0);
            auto prepare = [&](int first, int last) {
                for (int p = first; p < last; ++p) ++prepared[static_cast<std::size_t>(p)];
            };
            std::vector<float> gxThreads(x.size(), std::numeric_limits<float>::quiet_NaN());
            maxUnpool2x2(g, prepare, gy.data(), where.data(), gxThreads.data(), planes);
            QVERIFY2(gxThreads == gx, qPrintable(QString("%1 threads, backward").arg(threads)));
            QVERIFY(std::all_of(prepared.begin(), prepared.end(), [](int n) { return n == 1; }));
        }
    }

    // The dense product split across threads by its inputs against one thread and against
    // Eigen, forward (bias, partial sums, the finishing callback) and backward (every gradient,
    // with and without the callback before the products).
    void denseProductOnTwoThreadsMatchesOne() {
        std::mt19937 rng(6);
        for (const auto [batch, inputs, units] : {std::array{7, 13, 5}, std::array{32, 784, 128}, std::array{1, 9, 3},
                                                  std::array{33, 65, 17}}) {
            const DenseShape shape{batch, inputs, units};
            const std::vector<float> x = randomValues(static_cast<std::size_t>(batch) * inputs, rng);
            const std::vector<float> w = randomValues(static_cast<std::size_t>(inputs) * units, rng);
            const std::vector<float> bias = randomValues(static_cast<std::size_t>(units), rng);
            const std::vector<float> gy = randomValues(static_cast<std::size_t>(batch) * units, rng);
            const Eigen::Map<const Matrix> X(x.data(), batch, inputs), W(w.data(), inputs, units), G(gy.data(), batch, units);
            const Eigen::Map<const Eigen::RowVectorXf> B(bias.data(), units);
            Matrix expectedY = X * W;
            expectedY.rowwise() += B;
            expectedY = expectedY.cwiseMax(0.0f);
            const Matrix expectedWeightsGrad = X.transpose() * G, expectedInputGrad = G * W.transpose();
            const Eigen::RowVectorXf expectedBiasGrad = G.colwise().sum();
            const QString label = QString("%1x%2x%3").arg(batch).arg(inputs).arg(units);

            std::vector<std::vector<float>> results;
            for (const int threads : {1, 2}) {
                setComputeThreads(threads);
                std::vector<float> y(gy.size());
                DensePartialSums partials;
                std::vector<int> finished(static_cast<std::size_t>(batch), 0);
                auto relu = [&](int first, int last) {
                    for (int r = first; r < last; ++r) {
                        ++finished[static_cast<std::size_t>(r)];
                        float* row = y.data() + static_cast<std::size_t>(r) * units;
                        for (int u = 0; u < units; ++u) row[u] = std::max(0.0f, row[u]);
                    }
                };
                denseForward(shape, threads, x.data(), w.data(), bias.data(), y.data(), partials, relu);
                QVERIFY2(Eigen::Map<Matrix>(y.data(), batch, units).isApprox(expectedY, 1e-5f), qPrintable(label));
                QVERIFY(std::all_of(finished.begin(), finished.end(), [](int n) { return n == 1; }));

                std::vector<float> weightsGrad(w.size()), biasGrad(bias.size()), inputGrad(x.size());
                denseBackward(shape, threads, x.data(), w.data(), gy.data(), weightsGrad.data(), biasGrad.data(),
                              inputGrad.data());
                QVERIFY2(Eigen::Map<Matrix>(weightsGrad.data(), inputs, units).isApprox(expectedWeightsGrad, 1e-5f), qPrintable(label));
                QVERIFY2(Eigen::Map<Matrix>(inputGrad.data(), batch, inputs).isApprox(expectedInputGrad, 1e-5f), qPrintable(label));
                QVERIFY2(Eigen::Map<Eigen::RowVectorXf>(biasGrad.data(), units).isApprox(expectedBiasGrad, 1e-5f), qPrintable(label));

                // Through a callback that writes the gradient first (here: twice the output's),
                // and without the optional gradients.
                std::vector<float> scaled(gy.size());
                auto differentiate = [&](int first, int last) {
                    for (std::size_t i = static_cast<std::size_t>(first) * units; i < static_cast<std::size_t>(last) * units; ++i)
                        scaled[i] = 2.0f * gy[i];
                };
                std::vector<float> scaledWeightsGrad(w.size());
                denseBackwardThrough(differentiate, shape, threads, x.data(), w.data(), scaled.data(),
                                     scaledWeightsGrad.data(), nullptr, nullptr);
                QVERIFY2(Eigen::Map<Matrix>(scaledWeightsGrad.data(), inputs, units).isApprox(2.0f * expectedWeightsGrad, 1e-5f),
                         qPrintable(label + " through a callback"));
                std::vector<float> all = y;
                for (const auto* v : {&weightsGrad, &biasGrad, &inputGrad, &scaledWeightsGrad}) all.insert(all.end(), v->begin(), v->end());
                results.push_back(std::move(all));
            }
            QVERIFY2(close(results[0], results[1]), qPrintable(label + ": 1 and 2 threads"));
        }
    }
};

QTEST_GUILESS_MAIN(KernelTest)
#include "test_kernels.moc"
