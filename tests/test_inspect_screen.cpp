// The Inspect screen following a real run: the gallery and the confusion matrix change at
// each epoch, a click on a matrix cell shows exactly those samples, a drawn digit is
// recognised, a sample's detail arrives with its saliency, and the linreg line converges.
#include <QtTest>

#include <QLabel>
#include <QListView>
#include <numeric>

#include "ConfusionMatrixView.h"
#include "DigitCanvas.h"
#include "InspectScreen.h"
#include "Workspace.h"
#include "PredictionGalleryModel.h"
#include "TestDatasets.h"
#include "TrainingSession.h"
#include "data/DatasetCatalog.h"
#include "train/Presets.h"

using namespace nw;
using namespace nw::ui;

namespace {

// The first `count` MNIST training images (the test split kept whole).
std::shared_ptr<const Dataset> mnistSubset(std::size_t count) {
    DatasetOptions options;
    options.dataDir = nw::testing::dataDir().toStdString();
    Dataset d = loadDataset("mnist", options);
    std::vector<std::size_t> first(count);
    std::iota(first.begin(), first.end(), std::size_t{0});
    d.train = d.train.subset(first);
    return std::make_shared<const Dataset>(std::move(d));
}

TrainingRequest presetRun(std::shared_ptr<const Dataset> data, const char* preset, int epochs) {
    Preset p = makePreset(preset, *data);
    TrainingRequest r;
    r.record.id = "inspect";
    r.record.modelSpec = p.spec;
    r.record.config = p.training;
    r.record.config.epochs = epochs;
    r.data = std::move(data);
    return r;
}

}  // namespace

class InspectScreenTest : public QObject {
    Q_OBJECT
    std::shared_ptr<const Dataset> mnist_;
    std::unique_ptr<InspectScreen> trained_;  // after a short mlp run, shared by later tests
    std::unique_ptr<Workspace> workspace_;

private slots:
    void initTestCase() { mnist_ = mnistSubset(10000); }

    void galleryAndMatrixChangeAtEachEpoch() {
        workspace_ = std::make_unique<Workspace>(nw::testing::dataDir());
        trained_ = std::make_unique<InspectScreen>(*workspace_);
        trained_->resize(1200, 800);
        trained_->show();
        workspace_->setDataset(mnist_, "mnist");
        std::vector<ConfusionMatrix> seen;
        connect(&workspace_->session(), &TrainingSession::snapshotReady, this, [&](const TrainingSnapshot& s) {
            if (s.predictions) seen.push_back(ConfusionMatrix::from(*s.predictions));
        });
        bool done = false;
        connect(&workspace_->session(), &TrainingSession::finished, this, [&] { done = true; });
        QVERIFY(workspace_->session().start(presetRun(mnist_, "mlp", 3)));
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        // Before training, after each of the 3 epochs, and at the end (maybe more between).
        QVERIFY2(seen.size() >= 4, qPrintable(QString::number(seen.size())));
        // About 10 % of 10,000 held out (stratified, so within a sample per class of 1,000):
        // the whole validation part is the gallery.
        const int rows = trained_->gallery()->rowCount();
        QVERIFY2(rows >= 990 && rows <= 1000, qPrintable(QString::number(rows)));
        QCOMPARE(trained_->confusion().total(), static_cast<std::int64_t>(rows));
        QVERIFY(seen.front().accuracy() < 0.5);  // an untrained network guesses
        QVERIFY(trained_->confusion().accuracy() > 0.85);
        bool changed = false;
        for (std::size_t i = 1; i < seen.size(); ++i)
            for (int t = 0; t < 10 && !changed; ++t)
                for (int p = 0; p < 10; ++p)
                    if (seen[i].count(t, p) != seen[i - 1].count(t, p)) changed = true;
        QVERIFY(changed);
    }

    void clickingACellShowsExactlyThoseSamples() {
        QVERIFY(trained_);
        const auto pairs = trained_->confusion().mostConfused(1);
        QVERIFY(!pairs.empty());
        const auto [t, p, count] = pairs.front();
        trained_->tabs()->setCurrentIndex(InspectScreen::ConfusionTab);
        QApplication::processEvents();
        ConfusionMatrixView* view = trained_->confusionView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->cellRect(t, p).center());
        QCOMPARE(trained_->gallery()->rowCount(), static_cast<int>(count));
        for (int row = 0; row < trained_->gallery()->rowCount(); ++row) {
            QCOMPARE(trained_->gallery()->predictionAt(row)->trueClass, t);
            QCOMPARE(trained_->gallery()->predictionAt(row)->predictedClass, p);
        }
    }

    void sampleDetailHasSaliency() {
        QVERIFY(trained_);
        QSignalSpy detail(&trained_->engine(), &InspectEngine::detailReady);
        trained_->showSample(0);
        QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 1, 10000);
        const auto d = detail.at(0).at(0).value<SampleDetail>();
        QCOMPARE(d.saliency.size(), std::size_t{784});
        QCOMPARE(*std::max_element(d.saliency.begin(), d.saliency.end()), 1.0f);
        QVERIFY(std::abs(std::accumulate(d.probabilities.begin(), d.probabilities.end(), 0.0f) - 1.0f) < 1e-4f);
        QCOMPARE(trained_->tabs()->currentIndex(), static_cast<int>(InspectScreen::SampleTab));
    }

    void aDrawnOneIsRecognised() {
        QVERIFY(trained_);
        trained_->tabs()->setCurrentIndex(InspectScreen::DrawTab);
        QSignalSpy digit(&trained_->engine(), &InspectEngine::digitReady);
        trained_->digitCanvas()->addStroke({{140, 50}, {140, 140}, {140, 230}});
        QTRY_VERIFY_WITH_TIMEOUT(digit.count() >= 1, 10000);
        const auto p = digit.last().at(0).value<std::vector<float>>();
        QCOMPARE(p.size(), std::size_t{10});
        QCOMPARE(static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()), 1);
        trained_.reset();
        workspace_.reset();
    }

    void convolutionalSampleShowsItsFeatureMaps() {
        Workspace workspace(nw::testing::dataDir());
        TrainingSession& session = workspace.session();
        InspectScreen screen(workspace);
        workspace.setDataset(mnist_, "test");
        bool done = false;
        connect(&session, &TrainingSession::finished, this, [&] { done = true; });
        TrainingRequest run = presetRun(mnist_, "cnn", 1);
        run.gallerySize = 100;
        QVERIFY(session.start(std::move(run)));
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        QCOMPARE(screen.gallery()->rowCount(), 100);
        QSignalSpy detail(&screen.engine(), &InspectEngine::detailReady);
        screen.showSample(0);
        QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 1, 10000);
        const auto d = detail.at(0).at(0).value<SampleDetail>();
        QCOMPARE(d.featureMaps.size(), std::size_t{1});
        QCOMPARE(d.featureMaps[0].channels, 32);
        QCOMPARE(d.featureMaps[0].height, 26);
        QCOMPARE(d.featureMaps[0].width, 26);
    }

    void decisionRegionsFollowATwoDimensionalRun() {
        DatasetOptions options;
        auto data = std::make_shared<const Dataset>(loadDataset("xor", options));
        Workspace workspace(nw::testing::dataDir());
        TrainingSession& session = workspace.session();
        InspectScreen screen(workspace);
        workspace.setDataset(data, "test");
        QSignalSpy regions(&screen.engine(), &InspectEngine::regionsReady);
        bool done = false;
        connect(&session, &TrainingSession::finished, this, [&] { done = true; });
        TrainingRequest run = presetRun(data, "mlp64", 40);
        run.record.config.schedule.baseRate = 0.01;
        QVERIFY(session.start(std::move(run)));
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(regions.count() >= 2, 10000);
        screen.engine().waitForIdle();
        QVERIFY(screen.tabs()->isTabEnabled(InspectScreen::FitTab));
        QVERIFY(!screen.tabs()->isTabEnabled(InspectScreen::DrawTab));
        const auto grid = regions.last().at(0).value<RegionGrid>();
        QCOMPARE(grid.classes.size(), std::size_t{160 * 160});
        // A trained XOR model paints both classes.
        QVERIFY(std::count(grid.classes.begin(), grid.classes.end(), 0) > 1000);
        QVERIFY(std::count(grid.classes.begin(), grid.classes.end(), 1) > 1000);
    }

    void linregLineConvergesToTheData() {
        DatasetOptions options;
        auto data = std::make_shared<const Dataset>(loadDataset("linear", options));
        Workspace workspace(nw::testing::dataDir());
        TrainingSession& session = workspace.session();
        InspectScreen screen(workspace);
        workspace.setDataset(data, "test");
        bool done = false;
        connect(&session, &TrainingSession::finished, this, [&] { done = true; });
        QVERIFY(session.start(presetRun(data, "linreg", 1000)));
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(screen.fitHistorySize() >= 100, 5000);
        // The caption reads "Epoch N: y = a x + b"; the least-squares fit is about 3x + 2.5.
        const QString caption = screen.findChild<QLabel*>("fitCaption")->text();
        const QRegularExpressionMatch m = QRegularExpression("y = ([0-9.]+) x \\+ ([0-9.]+)").match(caption);
        QVERIFY2(m.hasMatch(), qPrintable(caption));
        QVERIFY2(std::abs(m.captured(1).toDouble() - 3.0) < 0.3, qPrintable(caption));
        QVERIFY2(std::abs(m.captured(2).toDouble() - 2.5) < 0.2, qPrintable(caption));
    }
};

QTEST_MAIN(InspectScreenTest)
#include "test_inspect_screen.moc"
