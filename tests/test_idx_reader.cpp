// IDX reading: nw::readIdx on hand-written raw and gzip files (valid and broken), and
// nw::loadIdxFolder on small MNIST-shaped folders.
#include <QtTest>
#include <zlib.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/Error.h"
#include "data/IdxDataset.h"
#include "data/IdxReader.h"

namespace {

// An IDX file's bytes: 0, 0, type, rank, big-endian uint32 dims, then the data.
std::string idxBytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values,
                     std::uint8_t type = 0x08) {
    std::string b;
    b.push_back('\0');
    b.push_back('\0');
    b.push_back(static_cast<char>(type));
    b.push_back(static_cast<char>(dims.size()));
    for (std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<char>((d >> shift) & 0xff));
    b.append(reinterpret_cast<const char*>(values.data()), values.size());
    return b;
}

std::vector<std::uint8_t> iota(std::size_t n, std::uint8_t start = 1) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(start + i * 7);
    return v;
}

bool writeRaw(const QString& path, const std::string& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(bytes.data(), static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size());
}

bool writeGz(const QString& path, const std::string& bytes) {
    gzFile f = gzopen(path.toStdString().c_str(), "wb");
    if (!f) return false;
    const int written = bytes.empty() ? 0 : gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    const bool closed = gzclose(f) == Z_OK;
    return closed && written == static_cast<int>(bytes.size());
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The message of the nw::FileFormatError that fn throws (with its path()), or nothing when
// it does not throw. Any other exception escapes and fails the test.
template <class F>
std::optional<std::pair<QString, QString>> fileFormatErrorOf(F&& fn) {
    try {
        fn();
    } catch (const nw::FileFormatError& e) {
        return std::make_pair(QString::fromStdString(e.what()), QString::fromStdString(e.path()));
    }
    return std::nullopt;
}

}  // namespace

// Declares `message` (QString) and `errorPath` (QString) from the FileFormatError that expr throws.
#define EXPECT_FILE_FORMAT_ERROR(expr)                                                    \
    const auto caught_ = fileFormatErrorOf([&] { (void)(expr); });                        \
    QVERIFY2(caught_.has_value(), "expected nw::FileFormatError, nothing was thrown");    \
    const QString message = caught_->first;                                              \
    const QString errorPath = caught_->second;                                            \
    qDebug().noquote() << "error:" << message

class TestIdxReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void rawRoundTrip() {
        const auto values = iota(2 * 3 * 4);
        const QString p = path("valid.idx");
        QVERIFY(writeRaw(p, idxBytes({2, 3, 4}, values)));
        std::vector<double> fractions;
        const nw::IdxArray a = nw::readIdx(p.toStdString(), [&](double f) { fractions.push_back(f); });
        QCOMPARE(a.dims, (std::vector<int>{2, 3, 4}));
        QCOMPARE(a.values, values);
        QVERIFY(!fractions.empty());
        QCOMPARE(fractions.back(), 1.0);
    }

    void rawRoundTripRankOne() {
        const std::vector<std::uint8_t> values{0, 255, 9, 128};
        const QString p = path("rank1.idx");
        QVERIFY(writeRaw(p, idxBytes({4}, values)));
        const nw::IdxArray a = nw::readIdx(p.toStdString());
        QCOMPARE(a.dims, (std::vector<int>{4}));
        QCOMPARE(a.values, values);
    }

    void gzRoundTrip() {
        const auto values = iota(5 * 4 * 3, 3);
        // Detected by content: one name ends in .gz, the other does not.
        for (const QString& name : {QStringLiteral("valid.idx.gz"), QStringLiteral("compressed-no-suffix")}) {
            const QString p = path(name);
            QVERIFY(writeGz(p, idxBytes({5, 4, 3}, values)));
            const QByteArray onDisk = readAll(p);
            QVERIFY(onDisk.size() >= 2);
            QCOMPARE(static_cast<unsigned char>(onDisk[0]), 0x1fu);  // really gzip on disk
            QCOMPARE(static_cast<unsigned char>(onDisk[1]), 0x8bu);
            const nw::IdxArray a = nw::readIdx(p.toStdString());
            QCOMPARE(a.dims, (std::vector<int>{5, 4, 3}));
            QCOMPARE(a.values, values);
        }
    }

    void wrongMagic() {
        std::string bytes = idxBytes({4}, iota(4));
        bytes[0] = 0x12;
        bytes[1] = 0x34;
        const QString p = path("wrong-magic.idx");
        QVERIFY(writeRaw(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QCOMPARE(errorPath, p);
        QVERIFY(message.contains("magic"));
    }

    void wrongMagicSecondByte() {
        std::string bytes = idxBytes({4}, iota(4));
        bytes[1] = 0x01;
        const QString p = path("wrong-magic-2.idx");
        QVERIFY(writeRaw(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void unsupportedElementType() {
        const QString p = path("floats.idx");
        QVERIFY(writeRaw(p, idxBytes({2}, std::vector<std::uint8_t>(8, 0), 0x0D)));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("float"));
        QVERIFY(message.contains("0x08"));
    }

    void unsupportedRank() {
        const QString p = path("rank0.idx");
        QVERIFY(writeRaw(p, idxBytes({}, {1, 2, 3})));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("rank"));
    }

    void truncatedRaw() {
        std::string bytes = idxBytes({3, 4}, iota(12));
        bytes.resize(bytes.size() - 5);
        const QString p = path("truncated.idx");
        QVERIFY(writeRaw(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("truncated"));
    }

    void truncatedInsideHeader() {
        std::string bytes = idxBytes({3, 4}, {});
        bytes.resize(6);  // inside the first dimension
        const QString p = path("truncated-header.idx");
        QVERIFY(writeRaw(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("header"));
    }

    void truncatedGz() {
        std::string bytes = idxBytes({3, 4}, iota(12));
        bytes.resize(bytes.size() - 5);
        const QString p = path("truncated.idx.gz");
        QVERIFY(writeGz(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("truncated"));
    }

    void cutCompressedStream() {
        // A valid gzip stream cut short: the reader must report, not crash or hang.
        std::vector<std::uint8_t> values(20000);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 13);
        const QString whole = path("whole.idx.gz");
        QVERIFY(writeGz(whole, idxBytes({100, 200}, values)));
        QByteArray gz = readAll(whole);
        QVERIFY(gz.size() > 100);
        gz.truncate(gz.size() / 2);
        const QString p = path("cut.idx.gz");
        QVERIFY(writeRaw(p, gz.toStdString()));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void gzDamagedChecksum() {
        // Every value is present but the gzip trailer's CRC-32 does not match them: the data
        // cannot be trusted, so it must not load silently.
        const QString whole = path("crc-source.idx.gz");
        QVERIFY(writeGz(whole, idxBytes({6, 5}, iota(30))));
        QByteArray gz = readAll(whole);
        QVERIFY(gz.size() > 8);
        gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0x5a);  // first byte of the CRC-32
        const QString p = path("bad-crc.idx.gz");
        QVERIFY(writeRaw(p, gz.toStdString()));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void gzDamagedChecksumLargeFile() {
        // The same with 3 MB of incompressible values, so the gzip trailer is only reached
        // after the last value has been read.
        std::vector<std::uint8_t> values(3u * 1000 * 1001);
        std::mt19937 random(5);
        for (auto& v : values) v = static_cast<std::uint8_t>(random() >> 24);
        const QString whole = path("crc-source-large.idx.gz");
        QVERIFY(writeGz(whole, idxBytes({3, 1000, 1001}, values)));
        QCOMPARE(nw::readIdx(whole.toStdString()).values, values);  // intact, it loads
        QByteArray gz = readAll(whole);
        QVERIFY(gz.size() > (2 << 20));
        gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0x5a);  // first byte of the CRC-32
        const QString p = path("bad-crc-large.idx.gz");
        QVERIFY(writeRaw(p, gz.toStdString()));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void gzFlippedDataByte() {
        std::vector<std::uint8_t> values(4000);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 11);
        const QString whole = path("flip-source.idx.gz");
        QVERIFY(writeGz(whole, idxBytes({40, 100}, values)));
        QByteArray gz = readAll(whole);
        QVERIFY(gz.size() > 200);
        const int at = gz.size() / 2;
        gz[at] = static_cast<char>(gz[at] ^ 0x04);
        const QString p = path("flipped.idx.gz");
        QVERIFY(writeRaw(p, gz.toStdString()));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void trailingBytesRaw() {
        std::string bytes = idxBytes({2, 2}, iota(4));
        bytes += "xyz";
        const QString p = path("trailing.idx");
        QVERIFY(writeRaw(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("trailing"));
    }

    void trailingBytesGz() {
        std::string bytes = idxBytes({2, 2}, iota(4));
        bytes += "xyz";
        const QString p = path("trailing.idx.gz");
        QVERIFY(writeGz(p, bytes));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("trailing"));
    }

    void hugeHeaderRaw() {
        // 3 x 0x7fffffff values promised by a file of a few bytes: rejected from the header.
        const QString p = path("huge.idx");
        QVERIFY(writeRaw(p, idxBytes({0x7fffffff, 0x7fffffff, 0x7fffffff}, iota(10))));
        QElapsedTimer timer;
        timer.start();
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(timer.elapsed() < 2000);
    }

    void hugeHeaderGz() {
        const QString p = path("huge.idx.gz");
        QVERIFY(writeGz(p, idxBytes({0x7fffffff, 0x7fffffff, 0x7fffffff}, iota(10))));
        QElapsedTimer timer;
        timer.start();
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(timer.elapsed() < 2000);
    }

    void lyingButPlausibleHeaderGz() {
        // 2^31 - 1 values promised (under any hard cap) but 10 present: a .gz has no size to
        // check up front, so this must fail as truncated, quickly, without a 2 GiB buffer.
        const QString p = path("lying.idx.gz");
        QVERIFY(writeGz(p, idxBytes({0x7fffffff}, iota(10))));
        QElapsedTimer timer;
        timer.start();
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("truncated"));
        QVERIFY(timer.elapsed() < 2000);
    }

    void lyingButPlausibleHeaderRaw() {
        const QString p = path("lying.idx");
        QVERIFY(writeRaw(p, idxBytes({60000, 28, 28}, iota(10))));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("truncated"));
    }

    void dimensionTooLarge() {
        // Dimensions are int; 0x80000000 does not fit.
        const QString p = path("dim-too-large.idx");
        QVERIFY(writeRaw(p, idxBytes({0x80000000u}, iota(4))));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void zeroSizedDimension() {
        const QString p = path("zero-dim.idx");
        QVERIFY(writeRaw(p, idxBytes({3, 0, 4}, {})));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QVERIFY(message.contains("dimension 2"));
    }

    void emptyFile() {
        const QString p = path("empty.idx");
        QVERIFY(writeRaw(p, std::string()));
        QCOMPARE(QFileInfo(p).size(), qint64(0));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void emptyGzFile() {
        const QString p = path("empty.idx.gz");
        QVERIFY(writeGz(p, std::string()));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    void missingFile() {
        const QString p = path("does-not-exist.idx");
        QVERIFY(!QFileInfo::exists(p));
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
        QCOMPARE(errorPath, p);
    }

    void directoryIsNotAFile() {
        QVERIFY(QDir(dir_.path()).mkpath("a-folder.idx"));
        const QString p = path("a-folder.idx");
        EXPECT_FILE_FORMAT_ERROR(nw::readIdx(p.toStdString()));
        QVERIFY(message.contains(p));
    }

    // ---- loadIdxFolder -------------------------------------------------------------

    void folderTrainOnly() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const auto pixels = iota(5 * 4 * 3);
        const std::vector<std::uint8_t> labels{0, 2, 1, 2, 0};
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, pixels)));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, labels)));
        const nw::Dataset d = nw::loadIdxFolder(folder.path().toStdString(), "small");
        QCOMPARE(d.name, std::string("small"));
        QVERIFY(d.task == nw::Task::Classification);
        QCOMPARE(d.sampleShape, (nw::Shape{1, 4, 3}));
        QCOMPARE(d.train.sampleShape(), (nw::Shape{1, 4, 3}));
        QCOMPARE(d.train.size(), std::size_t{5});
        QVERIFY(!d.hasTest());
        QCOMPARE(d.classCount(), 3);
        QCOMPARE(d.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(d.outputWidth(), 3);
        for (std::size_t i = 0; i < labels.size(); ++i) QCOMPARE(d.train.target(i), static_cast<float>(labels[i]));
        // Pixels keep their order (one channel: IDX row-major is already CHW).
        const auto sample3 = d.train.rawSample(3);
        QCOMPARE(sample3.size(), std::size_t{12});
        for (std::size_t k = 0; k < 12; ++k) QCOMPARE(sample3[k], static_cast<float>(pixels[3 * 12 + k]));
        QCOMPARE(d.normalization.scale.size(), std::size_t{1});
        QCOMPARE(d.normalization.scale[0], 1.0f / 255.0f);
    }

    void folderWithTestSplitAndGz() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QVERIFY(writeGz(folder.filePath("train-images-idx3-ubyte.gz"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeGz(folder.filePath("train-labels-idx1-ubyte.gz"), idxBytes({5}, {0, 1, 0, 1, 1})));
        QVERIFY(writeRaw(folder.filePath("t10k-images-idx3-ubyte"), idxBytes({2, 4, 3}, iota(24, 100))));
        QVERIFY(writeRaw(folder.filePath("t10k-labels-idx1-ubyte"), idxBytes({2}, {3, 0})));
        std::vector<double> fractions;
        const nw::Dataset d =
            nw::loadIdxFolder(folder.path().toStdString(), "withtest", {}, [&](double f) { fractions.push_back(f); });
        QCOMPARE(d.train.size(), std::size_t{5});
        QVERIFY(d.hasTest());
        QCOMPARE(d.test.size(), std::size_t{2});
        QCOMPARE(d.test.sampleShape(), (nw::Shape{1, 4, 3}));
        QCOMPARE(d.test.target(0), 3.0f);
        QCOMPARE(d.test.rawSample(1)[0], 100.0f + 12 * 7);
        // The test split's labels count too: 0..3.
        QCOMPARE(d.classCount(), 4);
        QVERIFY(!fractions.empty());
        QCOMPARE(fractions.back(), 1.0);
        for (std::size_t i = 1; i < fractions.size(); ++i) QVERIFY(fractions[i] >= fractions[i - 1]);
    }

    void folderRankFourImages() {
        // (count, height, width, channels) HWC on disk becomes CHW samples.
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        std::vector<std::uint8_t> pixels;  // 2 images, 2x2, 3 channels: value = 100*c + 10*y + x + n
        for (int n = 0; n < 2; ++n)
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x)
                    for (int c = 0; c < 3; ++c) pixels.push_back(static_cast<std::uint8_t>(50 * c + 10 * y + x + n));
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({2, 2, 2, 3}, pixels)));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({2}, {1, 0})));
        const nw::Dataset d = nw::loadIdxFolder(folder.path().toStdString(), "rgb");
        QCOMPARE(d.sampleShape, (nw::Shape{3, 2, 2}));
        const auto s = d.train.rawSample(1);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x) QCOMPARE(s[(c * 2 + y) * 2 + x], static_cast<float>(50 * c + 10 * y + x + 1));
    }

    void folderLabelCountMismatch() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString labels = folder.filePath("train-labels-idx1-ubyte");
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(labels, idxBytes({4}, {0, 1, 0, 1})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "bad"));
        QVERIFY(message.contains(labels));
        QCOMPARE(errorPath, labels);
        QVERIFY(message.contains("4"));
        QVERIFY(message.contains("5"));
    }

    void folderTestLabelCountMismatch() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString testLabels = folder.filePath("t10k-labels-idx1-ubyte");
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, {0, 1, 0, 1, 1})));
        QVERIFY(writeRaw(folder.filePath("t10k-images-idx3-ubyte"), idxBytes({2, 4, 3}, iota(24))));
        QVERIFY(writeRaw(testLabels, idxBytes({3}, {0, 1, 1})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "bad"));
        QVERIFY(message.contains(testLabels));
    }

    void folderTestShapeMismatch() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, {0, 1, 0, 1, 1})));
        QVERIFY(writeRaw(folder.filePath("t10k-images-idx3-ubyte"), idxBytes({2, 3, 4}, iota(24))));
        QVERIFY(writeRaw(folder.filePath("t10k-labels-idx1-ubyte"), idxBytes({2}, {0, 1})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "bad"));
        QVERIFY(message.contains(folder.filePath("t10k-images-idx3-ubyte")));
    }

    void folderLabelsWrongRank() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString labels = folder.filePath("train-labels-idx1-ubyte");
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(labels, idxBytes({5, 1}, {0, 1, 0, 1, 1})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "bad"));
        QVERIFY(message.contains(labels));
        QVERIFY(message.contains("rank"));
    }

    void folderImagesWrongRank() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString images = folder.filePath("train-images-idx3-ubyte");
        QVERIFY(writeRaw(images, idxBytes({5, 12}, iota(60))));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, {0, 1, 0, 1, 1})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "bad"));
        QVERIFY(message.contains(images));
    }

    void folderMissingTrainFiles() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        {
            EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "empty"));
            QVERIFY(message.contains(folder.path()));
            QVERIFY(message.contains("train-images-idx3-ubyte"));
        }
        // Only the test pair and the train images: the train labels are still required.
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(folder.filePath("t10k-images-idx3-ubyte"), idxBytes({2, 4, 3}, iota(24))));
        QVERIFY(writeRaw(folder.filePath("t10k-labels-idx1-ubyte"), idxBytes({2}, {0, 1})));
        {
            EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "partial"));
            QVERIFY(message.contains("train-labels-idx1-ubyte"));
        }
    }

    void folderMissing() {
        const QString p = path("no-such-folder");
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(p.toStdString(), "none"));
        QVERIFY(message.contains(p));
    }

    void folderTooFewClassNames() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QVERIFY(writeRaw(folder.filePath("train-images-idx3-ubyte"), idxBytes({5, 4, 3}, iota(60))));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, {0, 1, 2, 1, 0})));
        {
            EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "named", {"a", "b"}));
            QVERIFY(message.contains(folder.path()));
        }
        const nw::Dataset d = nw::loadIdxFolder(folder.path().toStdString(), "named", {"a", "b", "c", "d"});
        QCOMPARE(d.classNames, (std::vector<std::string>{"a", "b", "c", "d"}));
    }

    void folderCorruptImageFileNamesIt() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString images = folder.filePath("train-images-idx3-ubyte");
        std::string bytes = idxBytes({5, 4, 3}, iota(60));
        bytes.resize(bytes.size() - 1);
        QVERIFY(writeRaw(images, bytes));
        QVERIFY(writeRaw(folder.filePath("train-labels-idx1-ubyte"), idxBytes({5}, {0, 1, 2, 1, 0})));
        EXPECT_FILE_FORMAT_ERROR(nw::loadIdxFolder(folder.path().toStdString(), "corrupt"));
        QVERIFY(message.contains(images));
        QVERIFY(message.contains("truncated"));
    }
};

QTEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
