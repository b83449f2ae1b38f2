// The Inspect screen's widgets on a fixed, hand-made prediction set: the gallery's filters,
// sorts and change marks, the clickable confusion matrix feeding the gallery, the per-class
// metrics against hand-computed numbers, and the probability bars.
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "ClassMetricsTable.h"
#include "ConfusionMatrixView.h"
#include "PredictionGalleryModel.h"
#include "PredictionTileDelegate.h"
#include "ProbabilityBars.h"

using namespace nw;
using namespace nw::ui;

namespace {

constexpr int kSplitSize = 24;
constexpr int kSide = 4;

// 24 validation images of 4×4 bytes; pixel k of sample i is i * 10 + k, so an image tells
// which sample it was made from.
std::shared_ptr<const Dataset> tinyImageSet() {
    auto data = std::make_shared<Dataset>();
    data->name = "tiny";
    data->sampleShape = {1, kSide, kSide};
    data->classNames = {"zero", "one", "two"};
    std::vector<std::uint8_t> bytes;
    std::vector<float> targets;
    for (int i = 0; i < kSplitSize; ++i) {
        for (int k = 0; k < kSide * kSide; ++k) bytes.push_back(static_cast<std::uint8_t>(i * 10 + k));
        targets.push_back(static_cast<float>(i % 3));
    }
    data->validation = SampleSet({1, kSide, kSide}, std::move(bytes), std::move(targets), 1);
    return data;
}

SamplePrediction prediction(std::size_t sample, int trueClass, int predicted, float confidence, float loss) {
    SamplePrediction p;
    p.sample = sample;
    p.trueClass = trueClass;
    p.predictedClass = predicted;
    p.confidence = confidence;
    p.loss = loss;
    p.probabilities.assign(3, (1.0f - confidence) / 2.0f);
    p.probabilities[static_cast<std::size_t>(predicted)] = confidence;
    return p;
}

// Eleven predictions of three classes (sample = 2 × position + 1):
//   true 0: predicted 0, 0, 1      true 1: predicted 1, 2, 1      true 2: predicted 2, 0, 1, 2, 1
// Confusion rows: [2 1 0] [0 2 1] [1 2 2]; columns sum to 3, 5, 3; 6 of 11 right.
PredictionSet fixedPredictions() {
    PredictionSet set;
    set.classCount = 3;
    set.step = 100;
    set.epoch = 1;
    const struct { int t, p; float confidence, loss; } rows[] = {
        {0, 0, 0.90f, 0.11f}, {0, 0, 0.60f, 0.51f}, {0, 1, 0.70f, 1.90f}, {1, 1, 0.95f, 0.05f},
        {1, 2, 0.55f, 1.20f}, {1, 1, 0.80f, 0.22f}, {2, 2, 0.99f, 0.01f}, {2, 0, 0.65f, 2.30f},
        {2, 1, 0.50f, 1.00f}, {2, 2, 0.85f, 0.16f}, {2, 1, 0.58f, 1.40f},
    };
    std::size_t position = 0;
    for (const auto& r : rows) set.samples.push_back(prediction(2 * position++ + 1, r.t, r.p, r.confidence, r.loss));
    return set;
}

// The split indices of the shown rows, in order.
std::vector<std::size_t> shownSamples(const PredictionGalleryModel& model) {
    std::vector<std::size_t> samples;
    for (int row = 0; row < model.rowCount(); ++row)
        samples.push_back(model.data(model.index(row), PredictionGalleryModel::SampleIndexRole).toULongLong());
    return samples;
}

// Positions 0..10 of fixedPredictions() as their sample indices.
std::vector<std::size_t> samplesAt(std::initializer_list<int> positions) {
    std::vector<std::size_t> samples;
    for (int p : positions) samples.push_back(static_cast<std::size_t>(2 * p + 1));
    return samples;
}

const QStringList kNames{"zero", "one", "two"};

bool near(const QColor& a, const QColor& b, int tolerance = 40) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

}  // namespace

class InspectWidgetsTest : public QObject {
    Q_OBJECT
private slots:
    void galleryShowsEveryPredictionWithItsImageAndText() {
        auto data = tinyImageSet();
        PredictionGalleryModel model;
        model.setSource(data, &data->validation);
        model.setClassNames(kNames);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setPredictions(fixedPredictions());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(shownSamples(model), samplesAt({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));

        const QModelIndex wrong = model.index(7);  // sample 15: true two, predicted zero at 65 %
        QCOMPARE(model.data(wrong).toString(), QString("true two · predicted zero · 65 %"));
        QVERIFY(model.data(wrong, Qt::ToolTipRole).toString().contains("true two · predicted zero · 65 %"));
        QCOMPARE(model.data(wrong, PredictionGalleryModel::TrueClassRole).toInt(), 2);
        QCOMPARE(model.data(wrong, PredictionGalleryModel::PredictedClassRole).toInt(), 0);
        QCOMPARE(model.data(wrong, PredictionGalleryModel::ConfidenceRole).toDouble(), static_cast<double>(0.65f));
        QCOMPARE(model.data(wrong, PredictionGalleryModel::LossRole).toDouble(), static_cast<double>(2.30f));
        QCOMPARE(model.data(wrong, PredictionGalleryModel::CorrectRole).toBool(), false);
        QCOMPARE(model.data(model.index(6), PredictionGalleryModel::CorrectRole).toBool(), true);
        QCOMPARE(model.data(wrong, PredictionGalleryModel::SampleIndexRole).toULongLong(), 15ull);

        // The image is the one of SamplePrediction::sample in the split, not of the row.
        const QImage image = model.data(wrong, PredictionGalleryModel::ImageRole).value<QImage>();
        QCOMPARE(image.size(), QSize(kSide, kSide));
        QCOMPARE(image.format(), QImage::Format_Grayscale8);
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x) QCOMPARE(qGray(image.pixel(x, y)), 15 * 10 + y * kSide + x);
        QCOMPARE(model.image(7), image);  // from the cache the second time

        QCOMPARE(model.predictionAt(7)->sample, 15u);
        QVERIFY(model.predictionAt(11) == nullptr);
        QVERIFY(model.predictionAt(-1) == nullptr);
        QCOMPARE(model.rowOfSample(15), 7);
        QCOMPARE(model.rowOfSample(2), -1);

        // A certain-looking 99.6 % is not rounded up to a certain 100 %.
        QCOMPARE(PredictionGalleryModel::percent(0.996), 99);
        QCOMPARE(PredictionGalleryModel::percent(1.0), 100);
        QCOMPARE(PredictionGalleryModel::percent(0.834), 83);
    }

    void galleryFilters() {
        PredictionGalleryModel model;
        model.setPredictions(fixedPredictions());
        model.setFilter(GalleryFilter::Wrong);
        QCOMPARE(shownSamples(model), samplesAt({2, 4, 7, 8, 10}));
        model.setFilter(GalleryFilter::TrueClass, 2);
        QCOMPARE(shownSamples(model), samplesAt({6, 7, 8, 9, 10}));
        model.setFilter(GalleryFilter::PredictedClass, 1);
        QCOMPARE(shownSamples(model), samplesAt({2, 3, 5, 8, 10}));
        model.setFilter(GalleryFilter::Cell, 2, 1);
        QCOMPARE(shownSamples(model), samplesAt({8, 10}));
        model.setFilter(GalleryFilter::Cell, 0, 0);
        QCOMPARE(shownSamples(model), samplesAt({0, 1}));
        model.setFilter(GalleryFilter::Cell, 0, 2);
        QCOMPARE(model.rowCount(), 0);
        for (int row = 0; row < 3; ++row) QVERIFY(model.predictionAt(row) == nullptr);
        model.setFilter(GalleryFilter::All);
        QCOMPARE(model.rowCount(), 11);

        // A filter holds across prediction updates.
        model.setFilter(GalleryFilter::Wrong);
        PredictionSet next = fixedPredictions();
        next.samples[0].predictedClass = 2;
        model.setPredictions(next);
        QCOMPARE(shownSamples(model), samplesAt({0, 2, 4, 7, 8, 10}));
        QCOMPARE(model.filter(), GalleryFilter::Wrong);
    }

    void gallerySorts() {
        PredictionGalleryModel model;
        model.setPredictions(fixedPredictions());
        // Confidences by position: .90 .60 .70 .95 .55 .80 .99 .65 .50 .85 .58
        model.setSort(GallerySort::ConfidenceAscending);
        QCOMPARE(shownSamples(model), samplesAt({8, 4, 10, 1, 7, 2, 5, 9, 0, 3, 6}));
        model.setSort(GallerySort::ConfidenceDescending);
        QCOMPARE(shownSamples(model), samplesAt({6, 3, 0, 9, 5, 2, 7, 1, 10, 4, 8}));
        // Losses by position: .11 .51 1.9 .05 1.2 .22 .01 2.3 1.0 .16 1.4
        model.setSort(GallerySort::LossDescending);
        QCOMPARE(shownSamples(model), samplesAt({7, 2, 10, 4, 8, 1, 5, 9, 0, 3, 6}));
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.predictionAt(row - 1)->loss >= model.predictionAt(row)->loss);
        // Sorting applies to the filtered rows.
        model.setFilter(GalleryFilter::Wrong);
        QCOMPARE(shownSamples(model), samplesAt({7, 2, 10, 4, 8}));
        model.setSort(GallerySort::ConfidenceAscending);
        QCOMPARE(shownSamples(model), samplesAt({8, 4, 10, 7, 2}));
        model.setSort(GallerySort::Index);
        QCOMPARE(shownSamples(model), samplesAt({2, 4, 7, 8, 10}));

        // Equal keys keep index order; NaN sorts as least trustworthy instead of breaking the sort.
        PredictionSet ties = fixedPredictions();
        for (auto& p : ties.samples) p.confidence = 0.5f;
        ties.samples[4].confidence = NAN;
        model.setFilter(GalleryFilter::All);
        model.setSort(GallerySort::ConfidenceAscending);
        model.setPredictions(ties);
        QCOMPARE(shownSamples(model), samplesAt({4, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10}));
    }

    void changedMarksOnlyWherePredictionsChanged() {
        PredictionGalleryModel model;
        model.setPredictions(fixedPredictions());
        auto changedSamples = [&] {
            std::vector<std::size_t> samples;
            for (int row = 0; row < model.rowCount(); ++row)
                if (model.data(model.index(row), PredictionGalleryModel::ChangedRole).toBool())
                    samples.push_back(model.predictionAt(row)->sample);
            return samples;
        };
        QVERIFY(changedSamples().empty());  // nothing to compare the first set with
        QCOMPARE(model.changedCount(), 0);

        PredictionSet second = fixedPredictions();
        second.samples[2].predictedClass = 0;  // now right
        second.samples[5].predictedClass = 2;  // now wrong
        second.samples[6].confidence = 0.51f;  // same class, other confidence: not a change
        second.samples[7].loss = 3.0f;
        model.setPredictions(second);
        QCOMPARE(changedSamples(), samplesAt({2, 5}));
        QCOMPARE(model.changedCount(), 2);
        QCOMPARE(model.data(model.index(2), PredictionGalleryModel::PreviousClassRole).toInt(), 1);
        QVERIFY(model.data(model.index(2), Qt::ToolTipRole).toString().contains("was 1"));
        QCOMPARE(model.data(model.index(3), PredictionGalleryModel::PreviousClassRole).toInt(), 1);

        // Marks survive filtering and sorting: they belong to samples, not rows.
        model.setSort(GallerySort::LossDescending);
        model.setFilter(GalleryFilter::TrueClass, 1);
        QCOMPARE(changedSamples(), samplesAt({5}));
        model.setFilter(GalleryFilter::All);
        model.setSort(GallerySort::Index);

        // The same predictions again: nothing changed since the last update.
        model.setPredictions(second);
        QVERIFY(changedSamples().empty());

        // A different subset in another order is compared by sample index; new samples are not marked.
        PredictionSet third;
        third.classCount = 3;
        third.samples = {second.samples[9], second.samples[2], prediction(22, 1, 0, 0.7f, 1.0f)};
        third.samples[0].predictedClass = 0;  // was 2
        model.setPredictions(third);
        QCOMPARE(shownSamples(model), (std::vector<std::size_t>{5, 19, 22}));
        QCOMPARE(changedSamples(), (std::vector<std::size_t>{19}));
        QCOMPARE(model.data(model.index(2), PredictionGalleryModel::PreviousClassRole).toInt(), -1);

        model.clearPredictions();
        QCOMPARE(model.rowCount(), 0);
        model.setPredictions(third);
        QVERIFY(changedSamples().empty());
    }

    void tileShowsRightAndWrongFramesAndTheChangeBadge() {
        auto data = tinyImageSet();
        PredictionGalleryModel model;
        model.setSource(data, &data->validation);
        model.setPredictions(fixedPredictions());
        PredictionSet second = fixedPredictions();
        second.samples[2].predictedClass = 2;  // wrong before and after, but changed
        model.setPredictions(second);
        PredictionTileDelegate delegate;
        QCOMPARE(delegate.tileSize(), QSize(84, 100));

        auto paintTile = [&](int row) {
            QImage tile(84, 100, QImage::Format_RGB32);
            tile.fill(Qt::white);
            QPainter painter(&tile);
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, 84, 100);
            option.palette = QApplication::palette();
            option.font = QApplication::font();
            option.fontMetrics = QFontMetrics(option.font);
            delegate.paint(&painter, option, model.index(row));
            return tile;
        };
        const QImage right = paintTile(0), wrong = paintTile(4), changed = paintTile(2);
        QVERIFY(near(right.pixelColor(3, 50), PredictionTileDelegate::rightColor()));
        QVERIFY(near(wrong.pixelColor(3, 50), PredictionTileDelegate::wrongColor()));
        QVERIFY(near(changed.pixelColor(3, 50), PredictionTileDelegate::wrongColor()));
        // The badge sits in the image's top-right corner, only on the changed tile.
        auto badgePixels = [](const QImage& tile) {
            int count = 0;
            for (int y = 4; y < 22; ++y)
                for (int x = 60; x < 80; ++x) count += near(tile.pixelColor(x, y), PredictionTileDelegate::changedColor(), 30);
            return count;
        };
        QVERIFY(badgePixels(changed) > 40);
        QCOMPARE(badgePixels(wrong), 0);
        QCOMPARE(badgePixels(right), 0);
        // The image itself is drawn crisp: the 4×4 sample's first pixel fills an 18×18 block.
        const int first = 5 * 10;  // sample 5 (row 2)
        QCOMPARE(qGray(changed.pixel(7, 7)), first);
        QCOMPARE(qGray(changed.pixel(22, 22)), first);
        QCOMPARE(qGray(changed.pixel(25, 7)), first + 1);
    }

    void matrixClickFiltersTheGallery() {
        const PredictionSet predictions = fixedPredictions();
        const ConfusionMatrix matrix = ConfusionMatrix::from(predictions);
        ConfusionMatrixView view;
        view.setMatrix(matrix, kNames);
        view.resize(view.sizeHint());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        PredictionGalleryModel gallery;
        gallery.setPredictions(predictions);
        connect(&view, &ConfusionMatrixView::cellClicked, &gallery,
                [&](int trueClass, int predicted) { gallery.setFilter(GalleryFilter::Cell, trueClass, predicted); });
        QSignalSpy clicked(&view, &ConfusionMatrixView::cellClicked);

        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(2, 1).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 2);
        QCOMPARE(clicked.at(0).at(1).toInt(), 1);
        QCOMPARE(view.selectedTrueClass(), 2);
        QCOMPARE(view.selectedPredictedClass(), 1);
        QCOMPARE(shownSamples(gallery), samplesAt({8, 10}));
        for (int row = 0; row < gallery.rowCount(); ++row) {
            QCOMPARE(gallery.predictionAt(row)->trueClass, 2);
            QCOMPARE(gallery.predictionAt(row)->predictedClass, 1);
        }

        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(0, 0).center());
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(shownSamples(gallery), samplesAt({0, 1}));
        // Every cell's centre maps back to that cell.
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p) {
                int gotTrue = -1, gotPredicted = -1;
                QVERIFY(view.cellAt(view.cellRect(t, p).center(), &gotTrue, &gotPredicted));
                QCOMPARE(gotTrue, t);
                QCOMPARE(gotPredicted, p);
                QVERIFY(view.rect().contains(view.cellRect(t, p)));
            }
        int t = -1, p = -1;
        QVERIFY(!view.cellAt(QPoint(1, 1), &t, &p));  // the axis titles' corner
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(1, 1));
        QCOMPARE(clicked.count(), 2);

        // A live update keeps the selection; clearSelection drops it without a signal.
        view.setMatrix(matrix, kNames);
        QCOMPARE(view.selectedTrueClass(), 0);
        view.clearSelection();
        QCOMPARE(view.selectedTrueClass(), -1);
        QCOMPARE(clicked.count(), 2);

        QCOMPARE(view.cellToolTip(2, 1), QString("true two, predicted one: 2 samples (40.0 % of class two)"));
        ConfusionMatrix digits(10);
        for (int i = 0; i < 988; ++i) digits.add(4, 4);
        for (int i = 0; i < 12; ++i) digits.add(4, 9);
        view.setMatrix(digits, {});
        QCOMPARE(view.cellToolTip(4, 9), QString("true 4, predicted 9: 12 samples (1.2 % of the 4s)"));
        QCOMPARE(view.selectedTrueClass(), -1);
        QCOMPARE(view.cellToolTip(3, 9), QString("true 3, predicted 9: 0 samples (no samples of the 3s)"));
    }

    void matrixScalesFromTwoToFiftyClasses() {
        for (int n : {2, 10, 50}) {
            ConfusionMatrix matrix(n);
            for (int t = 0; t < n; ++t)
                for (int p = 0; p < n; ++p)
                    for (int k = 0; k < (t == p ? 40 : (t + p) % 3); ++k) matrix.add(t, p);
            ConfusionMatrixView view;
            view.setMatrix(matrix, {});
            const QSize hint = view.sizeHint();
            QVERIFY(hint.width() >= 100 && hint.width() <= 1000);
            view.resize(hint);
            const QRect first = view.cellRect(0, 0), last = view.cellRect(n - 1, n - 1);
            QVERIFY(first.width() >= 6);
            QVERIFY(view.rect().contains(first) && view.rect().contains(last));
            QCOMPARE(last.topLeft() - first.topLeft(), QPoint((n - 1) * first.width(), (n - 1) * first.height()));
            QVERIFY(!view.grab().isNull());
            view.resize(view.minimumSizeHint());
            QVERIFY(view.rect().contains(view.cellRect(n - 1, n - 1)));
            QVERIFY(!view.grab().isNull());
        }
        ConfusionMatrixView empty;
        QVERIFY(empty.cellRect(0, 0).isEmpty());
        QVERIFY(!empty.grab().isNull());
    }

    void metricsTableShowsHandComputedNumbers() {
        ClassMetricsTable metrics;
        metrics.resize(360, 480);
        metrics.setMatrix(ConfusionMatrix::from(fixedPredictions()), kNames);
        QVERIFY(metrics.accuracyLabel()->text().contains("54.55 %"));
        QVERIFY(metrics.accuracyLabel()->text().contains("6 of 11"));

        QTableWidget* table = metrics.table();
        QCOMPARE(table->rowCount(), 3);
        // Precision = diagonal / column sum, recall = diagonal / row sum, F1 their harmonic mean.
        const QStringList expected[] = {
            {"zero", "0.667", "0.667", "0.667", "3"},
            {"one", "0.400", "0.667", "0.500", "3"},
            {"two", "0.667", "0.400", "0.500", "5"},
        };
        for (int row = 0; row < 3; ++row)
            for (int column = 0; column < 5; ++column) QCOMPARE(table->item(row, column)->text(), expected[row][column]);

        // Sorting goes by value: F1 ascending puts the two 0.500 classes first, then support descending.
        table->sortByColumn(ClassMetricsTable::F1Column, Qt::AscendingOrder);
        QCOMPARE(table->item(2, ClassMetricsTable::ClassColumn)->text(), QString("zero"));
        table->sortByColumn(ClassMetricsTable::SupportColumn, Qt::DescendingOrder);
        QCOMPARE(table->item(0, ClassMetricsTable::ClassColumn)->text(), QString("two"));
        // An update keeps the user's sort.
        metrics.setMatrix(ConfusionMatrix::from(fixedPredictions()), kNames);
        QCOMPARE(table->item(0, ClassMetricsTable::ClassColumn)->text(), QString("two"));
        QCOMPARE(table->item(0, ClassMetricsTable::RecallColumn)->text(), QString("0.400"));

        QListWidget* confused = metrics.mostConfusedList();
        QCOMPARE(confused->count(), 4);
        QCOMPARE(confused->item(0)->text(), QString("two → one: 2"));
        QCOMPARE(confused->item(1)->text(), QString("zero → one: 1"));
        QCOMPARE(confused->item(2)->text(), QString("one → two: 1"));
        QCOMPARE(confused->item(3)->text(), QString("two → zero: 1"));

        metrics.show();
        QVERIFY(QTest::qWaitForWindowExposed(&metrics));
        QSignalSpy pairs(&metrics, &ClassMetricsTable::pairActivated);
        QTest::mouseClick(confused->viewport(), Qt::LeftButton, {}, confused->visualItemRect(confused->item(0)).center());
        QCOMPARE(pairs.count(), 1);
        QCOMPARE(pairs.at(0).at(0).toInt(), 2);
        QCOMPARE(pairs.at(0).at(1).toInt(), 1);
        QTest::mouseClick(confused->viewport(), Qt::LeftButton, {}, confused->visualItemRect(confused->item(3)).center());
        QCOMPARE(pairs.count(), 2);
        QCOMPARE(pairs.at(1).at(0).toInt(), 2);
        QCOMPARE(pairs.at(1).at(1).toInt(), 0);

        QSignalSpy classes(&metrics, &ClassMetricsTable::classActivated);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->item(0, 1)).center());
        QCOMPARE(classes.count(), 1);
        QCOMPARE(classes.at(0).at(0).toInt(), 2);  // row 0 is "two" under the support sort

        // Top five only, largest first; a perfect matrix lists nothing to click.
        ConfusionMatrix many(10);
        for (int t = 0; t < 10; ++t)
            for (int k = 0; k < t; ++k) many.add(t, (t + 1) % 10);
        metrics.setMatrix(many, {});
        QCOMPARE(confused->count(), ClassMetricsTable::kMostConfused);
        QCOMPARE(confused->item(0)->text(), QString("9 → 0: 9"));
        QCOMPARE(confused->item(4)->text(), QString("5 → 6: 5"));
        ConfusionMatrix perfect(3);
        perfect.add(0, 0);
        perfect.add(1, 1);
        metrics.setMatrix(perfect, kNames);
        QCOMPARE(confused->count(), 1);
        QCOMPARE(confused->item(0)->flags(), Qt::NoItemFlags);
        QTest::mouseClick(confused->viewport(), Qt::LeftButton, {}, confused->visualItemRect(confused->item(0)).center());
        QCOMPARE(pairs.count(), 2);
        QVERIFY(metrics.accuracyLabel()->text().contains("100.00 %"));
    }

    void probabilityBarsTakeTenClasses() {
        ProbabilityBars bars;
        bars.resize(300, 260);
        QCOMPARE(bars.predictedClass(), -1);
        QVERIFY(!bars.grab().isNull());  // empty state

        std::vector<float> probabilities(10, 0.01f);
        probabilities[9] = 0.83f;
        probabilities[4] = 0.08f;
        QStringList names;
        for (int c = 0; c < 10; ++c) names << QString::number(c);
        bars.setProbabilities(probabilities, names, 4);
        QCOMPARE(bars.predictedClass(), 9);
        QCOMPARE(bars.trueClass(), 4);
        QCOMPARE(bars.probabilities().size(), std::size_t(10));
        // Every row is on screen at 300 × 260, in class order, tall enough for a line of text.
        for (int c = 0; c < 10; ++c) {
            const QRect row = bars.rowRect(c);
            QVERIFY(bars.rect().contains(row));
            QVERIFY(row.height() >= bars.fontMetrics().height());
            if (c > 0) QVERIFY(row.top() >= bars.rowRect(c - 1).bottom());
        }
        const QImage image = bars.grab().toImage();
        QCOMPARE(image.size(), QSize(300, 260));
        // The predicted class's bar is drawn in the highlight colour, well into its row.
        const QRect predictedRow = bars.rowRect(9);
        const QColor highlight = bars.palette().highlight().color();
        bool found = false;
        for (int x = predictedRow.left(); x < predictedRow.right() && !found; ++x)
            found = near(image.pixelColor(x, predictedRow.center().y()), highlight, 20);
        QVERIFY(found);

        bars.setProbabilities(probabilities, names, 12);  // a true class out of range is no true class
        QCOMPARE(bars.trueClass(), -1);
        bars.clear();
        QCOMPARE(bars.predictedClass(), -1);
        QVERIFY(bars.rowRect(0).isEmpty());
    }
};

QTEST_MAIN(InspectWidgetsTest)
#include "test_inspect_widgets.moc"
