// The datasets issue end to end through netwright-cli: every bad input ends in "error: …"
// naming the file and the place with exit code 2; a folder of PNG files, a CSV file and a
// generated set train; `datasets` lists what is there.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "CliRunner.h"
#include "ImageFiles.h"

using namespace nw::testing;
using nw::Random;

namespace {

bool writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

nlohmann::json lastJson(const Result& r) {
    const auto lines = r.outLines();
    return lines.isEmpty() ? nlohmann::json() : nlohmann::json::parse(lines.back().toStdString(), nullptr, false);
}

// A 16x16 image of a bar, horizontal (class "h") or vertical ("v"), at a random offset.
Image bar(bool horizontal, Random& random) {
    Image image = gray(16, 16, 0);
    const int at = 3 + static_cast<int>(random.below(10));
    for (int i = 2; i < 14; ++i)
        for (int w = 0; w < 2; ++w) {
            const int x = horizontal ? i : at + w, y = horizontal ? at + w : i;
            image.pixels[static_cast<std::size_t>(y) * 16 + x] = static_cast<std::uint8_t>(200 + random.below(56));
        }
    return image;
}

}  // namespace

class CliDatasetsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    // Trains on `dataset` and expects exit 2 with every fragment in the error.
    void expectBadInput(const QStringList& datasetArgs, const QStringList& fragments) {
        QStringList args{"train", "--model", "mlp64", "--epochs", "1"};
        args += datasetArgs;
        const Result r = runCli(args);
        QVERIFY2(!r.crashed && r.exitCode == 2, qPrintable(args.join(' ') + " -> " + r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
        for (const auto& f : fragments) QVERIFY2(r.err.contains(f), qPrintable("missing '" + f + "' in: " + r.err));
    }

private slots:
    void badCsvFilesAreNamedWithThePlace() {
        QVERIFY(writeText(path("empty.csv"), ""));
        expectBadInput({"--dataset", path("empty.csv")}, {"empty.csv"});
        QVERIFY(writeText(path("header.csv"), "a,b,label\n"));
        expectBadInput({"--dataset", path("header.csv")}, {"header.csv", "no data rows"});
        QVERIFY(writeText(path("ragged.csv"), "a,b,label\n1,2,x\n3,y\n5,6,z\n"));
        expectBadInput({"--dataset", path("ragged.csv")}, {"ragged.csv", "line 3"});
        QByteArray numeric = "a,b,label\n";
        for (int i = 0; i < 30; ++i) numeric += QByteArray::number(i) + "," + QByteArray::number(i * 2) + ",c" + QByteArray::number(i % 2) + "\n";
        numeric += "7,oops,c1\n";
        QVERIFY(writeText(path("cell.csv"), numeric));
        expectBadInput({"--dataset", path("cell.csv")}, {"cell.csv", "line 32", "column 2 ('b')", "oops"});
        expectBadInput({"--dataset", path("cell.csv"), "--target", "species"}, {"cell.csv", "species", "label"});
    }

    void badImageFoldersAreNamed() {
        QVERIFY(QDir().mkpath(path("noimages/cats")));
        QVERIFY(writeText(path("noimages/cats/readme.txt"), "not an image"));
        expectBadInput({"--dataset", path("noimages")}, {"noimages"});
        Random random(1);
        QVERIFY(QDir().mkpath(path("emptyclass/h")));
        QVERIFY(QDir().mkpath(path("emptyclass/v")));
        writePng(path("emptyclass/h/0.png").toStdString(), bar(true, random));
        expectBadInput({"--dataset", path("emptyclass")}, {"emptyclass", "v"});
    }

    void badIdxFoldersAreNamed() {
        QVERIFY(QDir().mkpath(path("idx")));
        // 3 images of 2x2 but 2 labels.
        QVERIFY(writeText(path("idx/train-images-idx3-ubyte"),
                          QByteArray::fromHex("00000803000000030000000200000002") + QByteArray(12, 'x')));
        QVERIFY(writeText(path("idx/train-labels-idx1-ubyte"), QByteArray::fromHex("0000080100000002") + QByteArray(2, '\1')));
        expectBadInput({"--dataset", path("idx")}, {"train-labels-idx1-ubyte", "2 labels", "3 images"});
        // A header that claims a million images in a 28-byte file.
        QVERIFY(writeText(path("idx/train-images-idx3-ubyte"),
                          QByteArray::fromHex("000008030000f4240000000200000002") + QByteArray(12, 'x')));
        expectBadInput({"--dataset", path("idx")}, {"train-images-idx3-ubyte", "truncated"});
    }

    void trainsOnAFolderOfPngFiles() {
        Random random(5);
        for (const char* split : {"train", "test"})
            for (const char* cls : {"h", "v"}) {
                QVERIFY(QDir().mkpath(path(QString("bars/%1/%2").arg(split, cls))));
                const int count = QString(split) == "train" ? 60 : 20;
                for (int i = 0; i < count; ++i)
                    writePng(path(QString("bars/%1/%2/%3.png").arg(split, cls).arg(i)).toStdString(),
                             bar(QString(cls) == "h", random));
            }
        writeJunk(path("bars/train/h/broken.png").toStdString());
        const Result r = runCli({"train", "--dataset", path("bars"), "--model", "cnn", "--epochs", "8", "--json",
                                 "--save", path("bars.nwm")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("1 file") && r.err.contains("skipped"), qPrintable(r.err));
        const auto done = lastJson(r);
        QVERIFY2(done.value("test_accuracy", 0.0) >= 0.9, qPrintable(r.describe()));
        const Result p = runCli({"predict", path("bars.nwm"), path("bars/test/v/0.png"), "--json"});
        QVERIFY2(p.exitCode == 0, qPrintable(p.describe()));
        QCOMPARE(QString::fromStdString(lastJson(p).value("label", std::string())), QString("v"));
    }

    void csvModelPredictsAndEvaluatesByColumnName() {
        QByteArray csv = "colour,size,label\n";
        Random random(3);
        for (int i = 0; i < 200; ++i) {
            const bool big = random.below(2) == 1;
            const char* colour = random.below(2) ? "red" : "blue";
            csv += QByteArray(colour) + "," + QByteArray::number(big ? 5.0 + random.uniform() : 1.0 + random.uniform()) +
                   "," + (big ? "big" : "small") + "\n";
        }
        QVERIFY(writeText(path("sizes.csv"), csv));
        const Result r = runCli({"train", "--dataset", path("sizes.csv"), "--target", "label", "--model", "mlp64",
                                 "--epochs", "30", "--test-split", "0.2", "--json", "--save", path("sizes.nwm")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(lastJson(r).value("test_accuracy", 0.0) >= 0.95, qPrintable(r.describe()));
        // Columns in another order, and an extra one: matched by name.
        QVERIFY(writeText(path("new.csv"), "size,id,colour\n5.5,1,blue\n1.2,2,red\n"));
        const Result p = runCli({"predict", path("sizes.nwm"), path("new.csv"), "--json"});
        QVERIFY2(p.exitCode == 0, qPrintable(p.describe()));
        const auto lines = p.outLines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QString::fromStdString(nlohmann::json::parse(lines[0].toStdString()).value("label", std::string())), QString("big"));
        QCOMPARE(QString::fromStdString(nlohmann::json::parse(lines[1].toStdString()).value("label", std::string())), QString("small"));
        QVERIFY(writeText(path("unknown.csv"), "size,colour\n5.5,green\n"));
        const Result u = runCli({"predict", path("sizes.nwm"), path("unknown.csv")});
        QVERIFY2(u.exitCode == 2 && u.err.contains("line 2") && u.err.contains("green"), qPrintable(u.describe()));
        const Result e = runCli({"evaluate", path("sizes.nwm"), "--dataset", path("sizes.csv"), "--split", "train", "--json"});
        QVERIFY2(e.exitCode == 0 && lastJson(e).value("accuracy", 0.0) >= 0.95, qPrintable(e.describe()));
    }

    void generatedSetsTrain() {
        const Result r = runCli({"train", "--dataset", "moons", "--model", "mlp64", "--epochs", "30", "--val-split", "0.2",
                                 "--samples", "400", "--noise", "0.1", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const auto lines = r.outLines();
        const auto last = nlohmann::json::parse(lines[lines.size() - 2].toStdString());
        QVERIFY2(last.value("val_accuracy", 0.0) >= 0.95, qPrintable(r.describe()));
        const Result bad = runCli({"train", "--dataset", "moons", "--noise", "-1"});
        QCOMPARE(bad.exitCode, 2);
    }

    void datasetsListsSizesAndShapes() {
        const Result r = runCli({"datasets", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        bool sawMnist = false, sawSpiral = false;
        for (const auto& line : r.outLines()) {
            const auto j = nlohmann::json::parse(line.toStdString());
            if (j["name"] == "mnist") {
                sawMnist = true;
                QCOMPARE(j.value("train", 0), 60000);
                QCOMPARE(j.value("test", 0), 10000);
                QCOMPARE(j["sample_shape"], (nlohmann::json{1, 28, 28}));
            }
            if (j["name"] == "spiral") sawSpiral = j.value("train", 0) == 1000;
        }
        QVERIFY(sawMnist && sawSpiral);
        const Result missing = runCli({"datasets", "--data-dir", path("nowhere")});
        QVERIFY2(missing.exitCode == 0 && missing.out.contains("setup.sh"), qPrintable(missing.describe()));
    }
};

QTEST_GUILESS_MAIN(CliDatasetsTest)
#include "test_cli_datasets.moc"
