// The workspace file: a round trip keeps everything, and every damaged file is refused with
// the path and the reason, leaving nothing half-written.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "ExpectError.h"
#include "common/Error.h"
#include "io/ProjectFile.h"

using namespace nw;

namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

class ProjectFileTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void roundTripKeepsEverything() {
        Project p;
        p.dataset = "/data/iris.csv";
        p.datasetOptions = {{"target", "species"}, {"validation_split", 0.2}};
        p.modelSpec = {{"name", "m"}, {"layers", {{{"type", "dense"}, {"units", 8}, {"activation", "relu"}}}}};
        p.training.epochs = 42;
        p.training.optimizer.kind = "sgd";
        p.training.optimizer.momentum = 0.9f;
        p.training.schedule.baseRate = 0.05;
        saveProject(path("a.nwproj"), p);
        const Project q = loadProject(path("a.nwproj"));
        QCOMPARE(q.dataset, p.dataset);
        QCOMPARE(q.datasetOptions, p.datasetOptions);
        QCOMPARE(q.modelSpec, p.modelSpec);
        QCOMPARE(q.training.toJson(), p.training.toJson());
        QVERIFY(!std::filesystem::exists(path("a.nwproj.tmp")));
    }

    void runHistoryIsSavedWithItsCurves() {
        Project p;
        p.modelSpec = {{"name", "m"}, {"layers", nlohmann::json::array()}};
        RunRecord run;
        run.id = "r1";
        run.name = "Run 1 · mlp";
        run.dataset = "mnist";
        run.status = RunRecord::Status::Diverged;
        run.message = "training diverged";
        run.checkpointPath = "/tmp/r1.nwm";
        run.layerNames = {"layer 2 (dense)", "layer 3 (dense)"};
        for (int i = 1; i <= 100; ++i) run.batches.push_back({i, i / 50.0, 2.0f / static_cast<float>(i), 0.5f, 0.001f});
        run.gradientNorms.push_back({10, 0.2, {0.5f, 0.25f}});
        EpochReport e{};
        e.epoch = 1;
        e.epochs = 2;
        e.train.loss = 0.5;
        e.train.accuracy = 0.9;
        e.train.samples = 10;
        run.epochs.push_back(e);
        p.runs.push_back(run);
        RunRecord going = run;
        going.id = "r2";
        going.status = RunRecord::Status::Running;
        going.message.clear();
        p.runs.push_back(going);
        saveProject(path("runs.nwproj"), p);
        const Project q = loadProject(path("runs.nwproj"));
        QCOMPARE(q.runs.size(), std::size_t{2});
        const RunRecord& r = q.runs[0];
        QCOMPARE(r.name, run.name);
        QCOMPARE(r.status, RunRecord::Status::Diverged);
        QCOMPARE(r.message, run.message);
        QCOMPARE(r.checkpointPath, run.checkpointPath);
        QCOMPARE(r.layerNames, run.layerNames);
        QCOMPARE(r.batches.size(), std::size_t{100});
        QCOMPARE(r.batches[49].step, 50LL);
        QCOMPARE(r.batches[49].epoch, 1.0);
        QVERIFY(std::abs(r.batches[2].loss - 2.0f / 3.0f) < 1e-5f);
        QCOMPARE(r.gradientNorms.size(), std::size_t{1});
        QCOMPARE(r.gradientNorms[0].norms, (std::vector<float>{0.5f, 0.25f}));
        QCOMPARE(r.epochs.size(), std::size_t{1});
        QCOMPARE(*r.epochs[0].train.accuracy, 0.9);
        // A run saved while it was going was interrupted when the program ended.
        QCOMPARE(q.runs[1].status, RunRecord::Status::Stopped);
        QCOMPARE(q.runs[1].message, std::string("interrupted"));
    }

    void damagedRunIsRefusedWithItsNumber() {
        write(path("badrun.nwproj"),
              R"({"format": "netwright-project", "version": 1, "dataset": {"source": "mnist"}, "model": {"layers": []},
                  "runs": [{"id": "a"}, {"id": "b", "batches": {"step": [1, 2], "epoch": [0.5], "loss": [1, 2],
                  "accuracy": [0, 0], "learning_rate": [0, 0]}}]})");
        QVERIFY(testing::throwsWith<FileFormatError>([&] { loadProject(path("badrun.nwproj")); }, {"badrun.nwproj", "run 2", "epoch"}));
    }

    void damagedFilesAreRefusedWithTheReason() {
        auto expect = [&](const char* name, const std::string& text, const char* fragment) {
            write(path(name), text);
            QVERIFY2(testing::throwsWith<FileFormatError>([&] { loadProject(path(name)); }, {name, fragment}), name);
        };
        expect("empty.nwproj", "", "not valid JSON");
        expect("cut.nwproj", R"({"format": "netwright-project", "version": 1, "dataset": {)", "not valid JSON");
        expect("other.nwproj", R"({"format": "something-else"})", "not a Netwright project");
        expect("future.nwproj", R"({"format": "netwright-project", "version": 9})", "newer");
        expect("nodata.nwproj", R"({"format": "netwright-project", "version": 1, "model": {"layers": []}})", "missing");
        expect("badmodel.nwproj",
               R"({"format": "netwright-project", "version": 1, "dataset": {"source": "mnist"}, "model": {"layers": 3}})",
               "layers");
        expect("badtype.nwproj",
               R"({"format": "netwright-project", "version": 1, "dataset": {"source": "mnist"}, "model": {"layers": []},
                   "training": {"epochs": "many"}})",
               "wrong type");
        QVERIFY(testing::throwsWith<FileFormatError>([&] { loadProject(path("missing.nwproj")); }, {"no such"}));
    }

    void failedSaveLeavesTheOldFile() {
        Project p;
        p.modelSpec = {{"layers", nlohmann::json::array()}};
        QVERIFY(testing::throwsWith<FileFormatError>([&] { saveProject(path("no/such/dir/p.nwproj"), p); }, {"cannot write"}));
        QVERIFY(!std::filesystem::exists(path("no")));
    }
};

QTEST_APPLESS_MAIN(ProjectFileTest)
#include "test_project_file.moc"
