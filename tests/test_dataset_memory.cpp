// Loading MNIST keeps its pixels 8-bit: the process's peak memory stays under twice the
// size of the set in float32. A suite of its own, so nothing else has raised the peak.
#include <QtTest>

#include <sys/resource.h>

#include "data/DatasetCatalog.h"

namespace {

double peakMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

class DatasetMemoryTest : public QObject {
    Q_OBJECT
private slots:
    void mnistLoadsWithinTwiceItsFloatSize() {
        const char* dir = std::getenv("NETWRIGHT_DATA_DIR");
        nw::DatasetOptions options;
        options.dataDir = dir ? dir : "data";
        double lastProgress = 0.0;
        bool monotonic = true;
        options.progress = [&](double f) {
            monotonic = monotonic && f >= lastProgress;
            lastProgress = f;
        };
        const nw::Dataset mnist = nw::loadDataset("mnist", options);
        const double floatMegabytes = (mnist.train.size() + mnist.test.size()) * 784.0 * 4 / (1024.0 * 1024.0);
        const double peak = peakMegabytes();
        qInfo("float32 size %.0f MiB, peak resident %.0f MiB", floatMegabytes, peak);
        QCOMPARE(mnist.train.size() + mnist.test.size(), std::size_t{70000});
        QVERIFY(mnist.train.isBytes());
        QVERIFY2(peak < 2.0 * floatMegabytes, qPrintable(QString("peak %1 MiB").arg(peak)));
        QVERIFY(monotonic);
        QCOMPARE(lastProgress, 1.0);
    }
};

QTEST_APPLESS_MAIN(DatasetMemoryTest)
#include "test_dataset_memory.moc"
