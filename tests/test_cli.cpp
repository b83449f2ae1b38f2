// netwright-cli end to end through QProcess: usage, argument errors (exit 2), a linear
// regression trained, saved, used to predict and evaluated, summaries, clean failures, and
// run-to-run determinism on MNIST.
#include <QtTest>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "CliRunner.h"
#include "data/DatasetCatalog.h"

using nw::testing::Result;
using nw::testing::runCli;

namespace {

// Parses one line of --json output; a discarded value when it is not JSON.
nlohmann::json parseLine(const QString& line) {
    return nlohmann::json::parse(line.toStdString(), nullptr, /*allow_exceptions=*/false);
}

// The epoch lines of a --json run, without their timings (which differ between runs).
std::vector<nlohmann::json> epochLines(const nw::testing::Result& r) {
    std::vector<nlohmann::json> lines;
    for (const QString& line : r.outLines()) {
        nlohmann::json j = parseLine(line);
        if (j.is_object() && j.value("event", "") == "epoch") {
            j.erase("seconds");
            lines.push_back(j);
        }
    }
    return lines;
}

bool writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString linModel_;  // written by trainLinearRegression, used by later tests

    QString path(const QString& name) const { return dir_.filePath(name); }

    void expectUsageError(const QStringList& args) {
        const Result r = runCli(args);
        QVERIFY2(!r.crashed, qPrintable(r.describe()));
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ') + " -> " + r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
    }

    // Trains the linear model once for the tests that need it.
    void ensureLinearModel() {
        if (!linModel_.isEmpty() && QFileInfo::exists(linModel_)) return;
        const QString model = path("lin.nwm");
        const Result r = runCli({"train", "--dataset", "linear", "--model", "linreg", "--json", "--save", model});
        QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.describe()));
        QVERIFY(QFileInfo::exists(model));
        linModel_ = model;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(NETWRIGHT_CLI_PATH)).isExecutable(), NETWRIGHT_CLI_PATH);
    }

    void help_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("--help") << QStringList{"--help"} << "train";
        QTest::newRow("train --help") << QStringList{"train", "--help"} << "--epochs";
        QTest::newRow("evaluate --help") << QStringList{"evaluate", "--help"} << "--split";
        QTest::newRow("predict --help") << QStringList{"predict", "--help"} << "--json";
        QTest::newRow("summary --help") << QStringList{"summary", "--help"} << "--dataset";
    }

    void help() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Result r = runCli(args);
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains("Usage", Qt::CaseInsensitive), qPrintable(r.describe()));
        QVERIFY2(r.out.contains(mentions), qPrintable(r.describe()));
    }

    void noSubcommandIsAUsageError() { expectUsageError({}); }

    void unknownOption() { expectUsageError({"train", "--bogus"}); }

    void unknownSubcommand() { expectUsageError({"fly"}); }

    void badOptimizer() {
        expectUsageError({"train", "--optimizer", "nope"});
        const Result r = runCli({"train", "--optimizer", "nope"});
        QVERIFY2(r.err.contains("--optimizer"), qPrintable(r.describe()));
    }

    void zeroEpochs() { expectUsageError({"train", "--epochs", "0"}); }

    void nonNumericEpochs() { expectUsageError({"train", "--epochs", "many"}); }

    void badSplit() { expectUsageError({"evaluate", "model.nwm", "--split", "validation"}); }

    void predictNeedsInputs() { expectUsageError({"predict"}); }

    void trainLinearRegression() {
        const QString model = path("lin.nwm");
        const Result r = runCli({"train", "--dataset", "linear", "--model", "linreg", "--json", "--save", model});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.outLines();
        QVERIFY(lines.size() >= 2);
        // Every stdout line is JSON.
        for (const QString& line : lines) QVERIFY2(!parseLine(line).is_discarded(), qPrintable(line));
        const auto done = parseLine(lines.last());
        QVERIFY2(done.is_object() && done.value("event", "") == "done", qPrintable(lines.last()));
        QCOMPARE(QString::fromStdString(done.value("saved", "")), model);
        const auto lastEpoch = parseLine(lines[lines.size() - 2]);
        QCOMPARE(lastEpoch.value("event", ""), std::string("epoch"));
        QVERIFY(lastEpoch.contains("train_loss") && lastEpoch["train_loss"].is_number());
        QVERIFY2(lastEpoch["train_loss"].get<double>() < 0.2, qPrintable(lines[lines.size() - 2]));
        QVERIFY(QFileInfo(model).size() > 0);
        QVERIFY(!QFileInfo::exists(model + ".tmp"));
        linModel_ = model;
    }

    // A run checkpointed at every epoch goes on from its last one with the same result as
    // a run that never stopped.
    void checkpointAndResume() {
        const QString checkpoint = path("run.nwm");
        const QStringList common{"--dataset", "blobs", "--model", "mlp64", "--threads", "1", "--json", "--batch-size", "16"};
        const Result first = runCli(QStringList{"train", "--epochs", "3", "--checkpoint", checkpoint} + common);
        QVERIFY2(!first.crashed && first.exitCode == 0, qPrintable(first.describe()));
        QVERIFY(QFileInfo::exists(checkpoint));
        const Result resumed = runCli({"train", "--dataset", "blobs", "--resume", checkpoint, "--epochs", "5", "--json"});
        QVERIFY2(!resumed.crashed && resumed.exitCode == 0, qPrintable(resumed.describe()));
        const Result straight = runCli(QStringList{"train", "--epochs", "5"} + common);
        QVERIFY2(!straight.crashed && straight.exitCode == 0, qPrintable(straight.describe()));
        const auto a = epochLines(resumed);
        const auto b = epochLines(straight);
        QCOMPARE(a.size(), std::size_t{2});
        QCOMPARE(a[0]["epoch"].get<int>(), 4);
        QCOMPARE(b.size(), std::size_t{5});
        QVERIFY2(a[1] == b[4], qPrintable(QString::fromStdString(a[1].dump() + "\n" + b[4].dump())));
        // A checkpoint is a model file for every other command.
        const Result summary = runCli({"summary", checkpoint});
        QVERIFY2(!summary.crashed && summary.exitCode == 0, qPrintable(summary.describe()));
        // Resuming a finished run needs more epochs than it has done.
        const Result done = runCli({"train", "--dataset", "blobs", "--resume", checkpoint, "--epochs", "3"});
        QCOMPARE(done.exitCode, 1);
        QVERIFY2(done.err.contains("already finished"), qPrintable(done.describe()));
    }

    void predictLinear() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString csv = path("x.csv");
        QVERIFY(writeText(csv, "x\n0\n1\n"));
        const Result r = runCli({"predict", linModel_, csv, "--json"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.outLines();
        QCOMPARE(lines.size(), 2);
        // The least-squares line through the very samples train used (the CLI's defaults:
        // 100 samples, seed 1); 1000 full-batch steps converge to it.
        const nw::Dataset data = nw::makeLinearDataset(100, 1);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        const double n = static_cast<double>(data.train.size());
        for (std::size_t k = 0; k < data.train.size(); ++k) {
            const double x = data.train.rawSample(k)[0], y = data.train.target(k);
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        const double intercept = (sy - slope * sx) / n;
        const double leastSquares[] = {intercept, intercept + slope};
        const double expected[] = {2.5, 5.5};  // y = 3x + 2 + U(0,1)
        for (int i = 0; i < 2; ++i) {
            const auto j = parseLine(lines[i]);
            QVERIFY2(j.is_object() && j.contains("prediction") && j["prediction"].is_number(), qPrintable(lines[i]));
            const double y = j["prediction"].get<double>();
            QVERIFY2(std::abs(y - leastSquares[i]) < 1e-3,
                     qPrintable(QString("x=%1: prediction %2, least squares %3").arg(i).arg(y).arg(leastSquares[i])));
            QVERIFY2(std::abs(y - expected[i]) < 0.05,
                     qPrintable(QString("x=%1: prediction %2, expected %3 +- 0.05").arg(i).arg(y).arg(expected[i])));
            // The input is named with its line (line 1 is the header).
            QVERIFY2(QString::fromStdString(j.value("input", "")).endsWith(QString(":%1").arg(i + 2)), qPrintable(lines[i]));
        }
    }

    void predictAppliesSavedNormalization() {
        // Trained on standardised inputs, the model file carries the mean and scale and
        // predict applies them to raw CSV values: the same line comes out.
        const QString model = path("lin-standard.nwm");
        const Result t = runCli({"train", "--dataset", "linear", "--model", "linreg", "--normalize", "per-feature",
                                 "--json", "--save", model});
        QVERIFY2(!t.crashed && t.exitCode == 0, qPrintable(t.describe()));
        const QString csv = path("x-standard.csv");
        QVERIFY(writeText(csv, "0\n1\n"));
        const Result r = runCli({"predict", model, csv, "--json"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.outLines();
        QCOMPARE(lines.size(), 2);
        const double y0 = parseLine(lines[0]).value("prediction", -1.0);
        const double y1 = parseLine(lines[1]).value("prediction", -1.0);
        QVERIFY2(std::abs(y0 - 2.5) < 0.06 && std::abs(y1 - 5.5) < 0.06, qPrintable(r.out));
        // The evaluation of the saved model uses the same normalization.
        const Result e = runCli({"evaluate", model, "--dataset", "linear", "--split", "train", "--json"});
        QVERIFY2(!e.crashed && e.exitCode == 0, qPrintable(e.describe()));
        const auto j = parseLine(e.outLines().value(0));
        QVERIFY2(j.is_object() && j.value("r2", 0.0) > 0.8, qPrintable(e.out));
    }

    void predictLinearPlainText() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString csv = path("x-plain.csv");
        QVERIFY(writeText(csv, "0.5\n"));  // no header
        const Result r = runCli({"predict", linModel_, csv});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.outLines();
        QCOMPARE(lines.size(), 1);
        const QString value = lines[0].section(": ", -1);
        bool ok = false;
        const double y = value.toDouble(&ok);
        QVERIFY2(ok, qPrintable(lines[0]));
        QVERIFY2(std::abs(y - 4.0) < 0.05, qPrintable(lines[0]));
    }

    void evaluateLinear() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const Result r = runCli({"evaluate", linModel_, "--dataset", "linear", "--split", "train", "--json"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList lines = r.outLines();
        QVERIFY(!lines.isEmpty());
        const auto j = parseLine(lines.last());
        QVERIFY2(j.is_object(), qPrintable(r.describe()));
        QVERIFY(j.contains("loss") && j["loss"].is_number());
        QVERIFY(j.contains("r2") && j["r2"].is_number());
        QVERIFY2(j["loss"].get<double>() < 0.2, qPrintable(lines.last()));
        QVERIFY2(j["r2"].get<double>() > 0.8, qPrintable(lines.last()));
        QCOMPARE(j.value("samples", 0), 100);
        QCOMPARE(j.value("split", ""), std::string("train"));
    }

    void evaluateLinearHasNoTestSplit() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const Result r = runCli({"evaluate", linModel_, "--dataset", "linear", "--json"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains("--split train"), qPrintable(r.describe()));
    }

    void evaluateOnWrongTask() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const Result r = runCli({"evaluate", linModel_, "--dataset", "mnist", "--json"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains("regression"), qPrintable(r.describe()));
    }

    void summaryOfSavedModel() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const Result r = runCli({"summary", linModel_, "--json"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const auto j = parseLine(r.outLines().value(0));
        QVERIFY2(j.is_object(), qPrintable(r.describe()));
        QCOMPARE(j.value("parameters", -1), 2);  // one weight, one bias
        QCOMPARE(j["input_shape"], nlohmann::json::array({1}));
    }

    void summaryMlpOnLinear() {
        const Result r = runCli({"summary", "mlp", "--dataset", "linear", "--json"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        const auto j = parseLine(r.outLines().value(0));
        QVERIFY2(j.is_object(), qPrintable(r.describe()));
        // 1 -> 128 -> 128 -> 1: (1*128 + 128) + (128*128 + 128) + (128 + 1)
        QCOMPARE(j.value("parameters", -1), 16897);
        QCOMPARE(j.value("valid", false), true);
        QCOMPARE(j["input_shape"], nlohmann::json::array({1}));
        QVERIFY(j["layers"].is_array() && !j["layers"].empty());
        QCOMPARE(j["layers"].back()["output_shape"], nlohmann::json::array({1}));
        long long sum = 0;
        for (const auto& layer : j["layers"]) sum += layer.value("parameters", 0LL);
        QCOMPARE(sum, 16897LL);
    }

    void summaryCnnOnMnistText() {
        const Result r = runCli({"summary", "cnn", "--dataset", "mnist"});
        QVERIFY2(!r.crashed && r.exitCode == 0, qPrintable(r.describe()));
        // conv 32x3x3 + 32 = 320; dense 32*13*13*10 + 10 = 54090
        QVERIFY2(r.out.contains("54,410"), qPrintable(r.describe()));
        QVERIFY2(r.out.contains("conv2d") && r.out.contains("maxpool2d"), qPrintable(r.describe()));
    }

    void summaryDenseAfterConvNeedsFlatten() {
        const QString spec = path("no-flatten.json");
        QVERIFY(writeText(spec, R"({"name": "broken", "layers": [
            {"type": "conv2d", "filters": 4, "kernel_size": 3, "activation": "relu"},
            {"type": "dense", "units": 10, "activation": "softmax"}]})"));
        const Result r = runCli({"summary", spec, "--dataset", "mnist"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("layer 2 (dense)"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("flatten"), qPrintable(r.describe()));
    }

    void trainDenseAfterConvNeedsFlatten() {
        const QString spec = path("no-flatten-train.json");
        QVERIFY(writeText(spec, R"({"name": "broken", "layers": [
            {"type": "conv2d", "filters": 4, "kernel_size": 3, "activation": "relu"},
            {"type": "dense", "units": 10, "activation": "softmax"}]})"));
        const Result r = runCli({"train", "--dataset", "mnist", "--model", spec, "--epochs", "1", "--json"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains("layer 2 (dense)"), qPrintable(r.describe()));
        QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.describe()));  // failed before any epoch
    }

    void specWithJsonSyntaxError() {
        const QString spec = path("syntax.json");
        QVERIFY(writeText(spec, "{\"name\": \"x\", \"layers\": [ {\"type\": \"dense\" \"units\": 3} ]}"));
        const Result r = runCli({"summary", spec, "--dataset", "linear"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains(spec), qPrintable(r.describe()));
    }

    void unknownModel() {
        const Result r = runCli({"train", "--dataset", "linear", "--model", path("nothing.json")});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
    }

    void unknownDataset() {
        const Result r = runCli({"train", "--dataset", "no-such-set", "--model", "mlp"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains("no-such-set"), qPrintable(r.describe()));
    }

    void predictMissingModel() {
        const QString csv = path("x-missing.csv");
        QVERIFY(writeText(csv, "0\n"));
        const QString model = path("missing.nwm");
        const Result r = runCli({"predict", model, csv});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(model), qPrintable(r.describe()));
        QVERIFY(r.out.isEmpty());
    }

    void predictCorruptModel() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        QFile f(linModel_);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        bytes.chop(3);
        const QString broken = path("broken.nwm");
        QVERIFY(writeText(broken, bytes));
        const QString csv = path("x-corrupt.csv");
        QVERIFY(writeText(csv, "0\n"));
        const Result r = runCli({"predict", broken, csv});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains(broken), qPrintable(r.describe()));
    }

    void predictNonNumericCell() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString csv = path("bad-cell.csv");
        QVERIFY(writeText(csv, "x\n0.5\nabc\n1\n"));
        const Result r = runCli({"predict", linModel_, csv, "--json"});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("line 3"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(csv), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("abc"), qPrintable(r.describe()));
    }

    void predictCsvWithoutDataRows() {
        // A header and nothing else: there is nothing to predict, which must be an error
        // (like an empty file), not a silent success with no output.
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString empty = path("empty.csv");
        QVERIFY(writeText(empty, ""));
        {
            const Result r = runCli({"predict", linModel_, empty, "--json"});
            QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
            QVERIFY2(r.err.startsWith("error:") && r.err.contains(empty), qPrintable(r.describe()));
        }
        const QString headerOnly = path("header-only.csv");
        QVERIFY(writeText(headerOnly, "x\n"));
        const Result r = runCli({"predict", linModel_, headerOnly, "--json"});
        QVERIFY2(!r.crashed && r.exitCode != 0,
                 qPrintable("a CSV with a header and no rows predicted nothing and succeeded: " + r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains(headerOnly), qPrintable(r.describe()));
    }

    void predictWrongColumnCount() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString csv = path("two-columns.csv");
        QVERIFY(writeText(csv, "1,2\n"));
        const Result r = runCli({"predict", linModel_, csv});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains("line 1"), qPrintable(r.describe()));
    }

    void predictMissingInput() {
        ensureLinearModel();
        QVERIFY2(!linModel_.isEmpty(), "training the linear model failed");
        const QString csv = path("not-there.csv");
        const Result r = runCli({"predict", linModel_, csv});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains(csv), qPrintable(r.describe()));
    }

    void saveIntoMissingFolder() {
        const QString model = path("no-such-folder/lin.nwm");
        const Result r = runCli({"train", "--dataset", "linear", "--model", "linreg", "--epochs", "3", "--json", "--save", model});
        QVERIFY2(!r.crashed && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith("error:") && r.err.contains(model), qPrintable(r.describe()));
        QVERIFY(!QFileInfo::exists(path("no-such-folder")));
    }

    void trainingIsDeterministic() {
        const QStringList args{"train",  "--dataset", "mnist", "--model", "tiny",         "--epochs", "1",
                               "--threads", "1",      "--seed", "3",     "--json", "--batch-size", "128"};
        const Result first = runCli(args);
        QVERIFY2(!first.crashed && first.exitCode == 0, qPrintable(first.describe()));
        const Result second = runCli(args);
        QVERIFY2(!second.crashed && second.exitCode == 0, qPrintable(second.describe()));

        const auto a = epochLines(first);
        const auto b = epochLines(second);
        QCOMPARE(a.size(), std::size_t{1});
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i] == b[i], qPrintable(QString::fromStdString(a[i].dump() + "\n" + b[i].dump())));
        // A real run: it learned something.
        QVERIFY(a[0].contains("train_accuracy") && a[0]["train_accuracy"].is_number());
        QVERIFY2(a[0]["train_accuracy"].get<double>() > 0.5, a[0].dump().c_str());

        const auto doneA = parseLine(first.outLines().last());
        const auto doneB = parseLine(second.outLines().last());
        QCOMPARE(doneA.value("event", ""), std::string("done"));
        QVERIFY(doneA.contains("test_loss"));
        QVERIFY2(doneA == doneB, qPrintable(QString::fromStdString(doneA.dump() + "\n" + doneB.dump())));

        // Another seed gives another run.
        QStringList otherArgs = args;
        otherArgs[otherArgs.indexOf("3")] = "4";
        const Result other = runCli(otherArgs);
        QVERIFY2(!other.crashed && other.exitCode == 0, qPrintable(other.describe()));
        const auto c = epochLines(other);
        QCOMPARE(c.size(), std::size_t{1});
        QVERIFY(c[0] != a[0]);
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
