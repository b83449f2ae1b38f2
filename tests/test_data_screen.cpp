// The Data screen: loading off the GUI thread, the grid, histogram, summary, scatter plot,
// failures that keep the previous set, cancelling, and the augmentation preview.
#include <QtTest>

#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListView>
#include <QStackedWidget>

#include "DataScreen.h"
#include "Workspace.h"
#include "SampleGridModel.h"

using nw::ui::DataScreen;
using nw::ui::Workspace;

Q_DECLARE_METATYPE(std::shared_ptr<const nw::Dataset>)

namespace {
QString dataDir() {
    const char* dir = std::getenv("NETWRIGHT_DATA_DIR");
    return dir ? QString::fromLocal8Bit(dir) : QStringLiteral("data");
}
}  // namespace

class DataScreenTest : public QObject {
    Q_OBJECT
private slots:
    void mnistLoadsIntoGridHistogramAndSummary() {
        Workspace workspace(dataDir());
        DataScreen screen(workspace);
        screen.resize(1280, 800);
        screen.show();
        QSignalSpy loaded(&workspace, &Workspace::datasetChanged);
        screen.load("mnist");
        QVERIFY(screen.isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 20000);
        QVERIFY(!screen.isLoading());
        QVERIFY(screen.dataset());
        QCOMPARE(screen.dataset()->name, std::string("mnist"));

        auto* grid = screen.findChild<QListView*>("sampleGrid");
        QVERIFY(grid);
        QCOMPARE(grid->model()->rowCount(), 60000);
        QCOMPARE(grid->model()->data(grid->model()->index(0, 0)).toString(), QString("5"));
        QCOMPARE(grid->model()->data(grid->model()->index(0, 0), nw::ui::SampleGridModel::LabelRole).toInt(), 5);
        QVERIFY(grid->isVisible());

        auto* histogram = screen.findChild<QChartView*>("classHistogram");
        QVERIFY(histogram);
        const auto axes = histogram->chart()->axes(Qt::Horizontal);
        QCOMPARE(axes.size(), 1);
        auto* categories = qobject_cast<QBarCategoryAxis*>(axes.first());
        QVERIFY(categories);
        QCOMPARE(categories->count(), 10);

        auto* summary = screen.findChild<QLabel*>("datasetSummary");
        QVERIFY(summary);
        QVERIFY2(summary->text().contains("60,000"), qPrintable(summary->text()));
        QVERIFY(summary->text().contains("10,000 test"));
        QVERIFY(summary->text().contains("(1, 28, 28)"));
        QVERIFY(summary->text().contains("10 classes"));
        QCOMPARE(screen.testSplit(), 0.0);  // MNIST brings its own test split
        QCOMPARE(workspace.trainingConfig().normalization, std::string("default"));

        // The screenshot for a human look.
        QApplication::processEvents();
        QVERIFY(screen.grab().save("/tmp/data.png"));
    }

    void spiralShowsScatterPlotAndMissingPathKeepsPrevious() {
        Workspace workspace(dataDir());
        DataScreen screen(workspace);
        screen.resize(1280, 800);
        screen.show();
        QSignalSpy loaded(&workspace, &Workspace::datasetChanged);
        QSignalSpy failed(&workspace, &Workspace::datasetLoadFailed);
        screen.load("spiral");
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 20000);
        auto* stack = screen.findChild<QStackedWidget*>();
        QVERIFY(stack);
        QCOMPARE(stack->currentWidget()->objectName(), QString("scatterPlot"));
        auto* scatter = screen.findChild<QChartView*>("scatterPlot");
        QVERIFY(scatter);
        QCOMPARE(scatter->chart()->series().size(), screen.dataset()->classCount());
        const auto spiral = screen.dataset();
        QVERIFY(screen.grab().save("/tmp/data_spiral.png"));

        screen.load("/no/such/dataset.csv");
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 20000);
        auto* error = screen.findChild<QLabel*>("loadError");
        QVERIFY(error);
        QVERIFY(error->isVisible());
        QVERIFY(!error->text().isEmpty());
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(screen.dataset(), spiral);
        QCOMPARE(stack->currentWidget()->objectName(), QString("scatterPlot"));
    }

    void cancelNeverCrashes() {
        Workspace workspace(dataDir());
        DataScreen screen(workspace);
        QSignalSpy loaded(&workspace, &Workspace::datasetChanged);
        screen.load("mnist");
        QTest::qWait(5);
        screen.cancelLoad();
        QTRY_VERIFY_WITH_TIMEOUT(!screen.isLoading(), 20000);
        // Either cancelled (no dataset) or finished just before the cancel arrived.
        QVERIFY(loaded.count() == 0 ? screen.dataset() == nullptr : screen.dataset() != nullptr);
        QVERIFY(loaded.count() <= 1);
        qInfo("cancel outcome: %s", loaded.count() == 0 ? "cancelled" : "finished first");
    }

    void destroyingWhileLoadingIsSafe() {
        auto* workspace = new Workspace(dataDir());
        auto* screen = new DataScreen(*workspace);
        screen->load("mnist");
        QVERIFY(screen->isLoading());
        delete screen;
        delete workspace;  // waits for the worker thread
        QTest::qWait(10);
    }

    void augmentationPreviewShowsEightTiles() {
        Workspace workspace(dataDir());
        DataScreen screen(workspace);
        screen.resize(1280, 800);
        screen.show();
        QSignalSpy loaded(&workspace, &Workspace::datasetChanged);
        screen.load("mnist");
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 20000);
        QVERIFY(!workspace.trainingConfig().augmentation.enabled());
        auto* shift = screen.findChild<QDoubleSpinBox*>("augmentShift");
        QVERIFY(shift);
        shift->setValue(2.0);
        QCOMPARE(workspace.trainingConfig().augmentation.maxShift, 2.0);
        QCOMPARE(workspace.trainingConfig().augmentation.maxRotation, 0.0);
        auto* preview = screen.findChild<QWidget*>("augmentationPreview");
        QVERIFY(preview);
        QVERIFY(preview->isVisible());
        const auto tiles = preview->findChildren<QLabel*>("augmentationTile");
        QCOMPARE(tiles.size(), 8);
        for (QLabel* tile : tiles) {
            QVERIFY(!tile->pixmap().isNull());
            QVERIFY(tile->pixmap().width() > 0);
        }
    }
};

QTEST_MAIN(DataScreenTest)
#include "test_data_screen.moc"
