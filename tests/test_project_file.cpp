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
