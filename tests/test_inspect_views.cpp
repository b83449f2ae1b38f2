// The Inspect screen's drawing and picture widgets, driven as a user would: strokes drawn
// with the mouse on the digit canvas become ink where they were drawn and nowhere else,
// undo and clear remove exactly what they should; the image grid counts, flows, scrolls and
// colours weights around zero; the decision-region view paints each class's region where
// the grid puts it; the regression view holds its data and names its fit; the saliency view
// lays its heat map over the sample.
#include <QtTest>

#include <QImage>
#include <QLineSeries>
#include <QScatterSeries>
#include <QScrollBar>
#include <QSignalSpy>
#include <QtCharts/QChart>
#include <cmath>
#include <random>

#include "DecisionRegionView.h"
#include "DigitCanvas.h"
#include "ImageGridView.h"
#include "RegressionFitView.h"
#include "SaliencyView.h"

using nw::ui::DecisionRegionView;
using nw::ui::DigitCanvas;
using nw::ui::ImageGridView;
using nw::ui::RegressionFitView;
using nw::ui::SaliencyView;

namespace {

constexpr int kSide = DigitCanvas::kCanvasSize;

float inkAt(const std::vector<float>& ink, int x, int y) { return ink[static_cast<std::size_t>(y) * kSide + x]; }

int inkedPixels(const std::vector<float>& ink) {
    return static_cast<int>(std::count_if(ink.begin(), ink.end(), [](float v) { return v > 0.0f; }));
}

// The colour of one widget pixel, as the screen would show it.
QColor pixel(QWidget& widget, const QPointF& at) {
    const QImage image = widget.grab().toImage();
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor(QPoint(static_cast<int>(at.x() * ratio), static_cast<int>(at.y() * ratio)));
}

bool near(const QColor& a, const QColor& b, int tolerance = 3) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QByteArray describe(const QColor& c) { return c.name().toLatin1(); }

// A stroke drawn with the mouse through widget positions.
void drawStroke(QWidget& widget, const QList<QPoint>& through) {
    QTest::mousePress(&widget, Qt::LeftButton, {}, through.front());
    for (qsizetype i = 1; i < through.size(); ++i) {
        // Intermediate positions, as a real drag reports them.
        const QPoint from = through[i - 1], to = through[i];
        for (int k = 1; k <= 8; ++k) QTest::mouseMove(&widget, from + (to - from) * k / 8);
    }
    QTest::mouseRelease(&widget, Qt::LeftButton, {}, through.back());
}

}  // namespace

class TestInspectViews : public QObject {
    Q_OBJECT

private slots:
    // Digit canvas.
    void mouseStrokeInksWhereDrawnAndNowhereElse();
    void mouseMapsIntoCanvasSpaceAtAnySize();
    void undoRemovesExactlyTheLastStroke();
    void clearEmptiesTheCanvas();
    void addStrokeRasterisesAtCanvasResolution();

    // Image grid.
    void imageGridCountsAndShowsEmptyText();
    void imageGridFlowsAndScrollsManyImages();
    void imageGridColoursWeightsAroundZero();
    void imageGridScalesPerImageOrOverAll();

    // Decision regions.
    void decisionRegionsPaintGridColoursInPlace();
    void decisionRegionRangeAndPalette();

    // Regression fit.
    void regressionViewHoldsDataFitAndReference();

    // Saliency.
    void saliencyOverlayFollowsTheMap();
};

void TestInspectViews::mouseStrokeInksWhereDrawnAndNowhereElse() {
    DigitCanvas canvas;
    canvas.resize(kSide, kSide);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QVERIFY(canvas.isEmpty());
    QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
    QSignalSpy finished(&canvas, &DigitCanvas::strokeFinished);

    // A horizontal bar across the middle, left to right.
    drawStroke(canvas, {QPoint(60, 140), QPoint(140, 140), QPoint(220, 140)});
    QVERIFY(!canvas.isEmpty());
    QCOMPARE(canvas.strokeCount(), 1);
    QVERIFY2(changed.count() >= 10, QByteArray::number(changed.count()));  // the press, then moves that add ink
    QCOMPARE(finished.count(), 1);

    int width = 0, height = 0;
    const std::vector<float> ink = canvas.ink(&width, &height);
    QCOMPARE(width, kSide);
    QCOMPARE(height, kSide);
    // Full ink along the bar and at its round ends.
    for (int x : {60, 100, 140, 180, 220}) QVERIFY2(inkAt(ink, x, 140) > 0.99f, QByteArray::number(x));
    QVERIFY(inkAt(ink, 140, 140 - 10) > 0.99f);
    QVERIFY(inkAt(ink, 140, 140 + 10) > 0.99f);
    // None above, below or past the ends (the pen is 24 px: 12 each side).
    for (int y : {0, 60, 120, 160, 220, 279}) QCOMPARE(inkAt(ink, 140, y), 0.0f);
    for (int x : {0, 40, 240, 279}) QCOMPARE(inkAt(ink, x, 140), 0.0f);
    // About a 160 × 24 bar with round caps; its edges antialiased.
    const int area = inkedPixels(ink);
    QVERIFY2(area > 160 * 22 && area < 160 * 26 + 2 * 26 * 26, QByteArray::number(area));
    QVERIFY(std::any_of(ink.begin(), ink.end(), [](float v) { return v > 0.05f && v < 0.95f; }));

    // Moving without the button draws nothing more.
    const int before = changed.count();
    QTest::mouseMove(&canvas, QPoint(140, 40));
    QTest::mouseMove(&canvas, QPoint(160, 60));
    QCOMPARE(changed.count(), before);
    QCOMPARE(inkAt(canvas.ink(), 150, 50), 0.0f);
}

void TestInspectViews::mouseMapsIntoCanvasSpaceAtAnySize() {
    DigitCanvas canvas;
    canvas.resize(2 * kSide, 2 * kSide + 100);  // taller than wide: the square sits in the middle
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QCOMPARE(canvas.toWidget(QPointF(0, 0)), QPointF(0, 50));
    QCOMPARE(canvas.toCanvas(QPointF(280, 330)), QPointF(140, 140));

    // A vertical stroke through the middle of the square in widget pixels.
    drawStroke(canvas, {QPoint(280, 50 + 80), QPoint(280, 50 + 480)});
    const std::vector<float> ink = canvas.ink();
    QVERIFY(ink.size() == static_cast<std::size_t>(kSide * kSide));
    for (int y : {40, 140, 240}) QVERIFY2(inkAt(ink, 140, y) > 0.99f, QByteArray::number(y));
    QCOMPARE(inkAt(ink, 140, 10), 0.0f);
    QCOMPARE(inkAt(ink, 140, 270), 0.0f);
    QCOMPARE(inkAt(ink, 100, 140), 0.0f);
    QCOMPARE(inkAt(ink, 180, 140), 0.0f);
}

void TestInspectViews::undoRemovesExactlyTheLastStroke() {
    DigitCanvas canvas;
    canvas.resize(kSide, kSide);
    // A "7": the top bar, then the diagonal.
    canvas.addStroke({QPointF(70, 60), QPointF(210, 60)});
    canvas.addStroke({QPointF(210, 60), QPointF(150, 150), QPointF(110, 230)});
    QCOMPARE(canvas.strokeCount(), 2);
    QVERIFY(inkAt(canvas.ink(), 140, 60) > 0.99f);
    QVERIFY(inkAt(canvas.ink(), 110, 230) > 0.99f);

    QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
    canvas.undoStroke();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(canvas.strokeCount(), 1);
    const std::vector<float> ink = canvas.ink();
    QVERIFY(inkAt(ink, 140, 60) > 0.99f);   // the bar stays
    QCOMPARE(inkAt(ink, 150, 150), 0.0f);   // the diagonal is gone
    QCOMPARE(inkAt(ink, 110, 230), 0.0f);

    // Undo on the keyboard does the same; then nothing is left to undo.
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QTest::keySequence(&canvas, QKeySequence::Undo);
    QVERIFY(canvas.isEmpty());
    QCOMPARE(changed.count(), 2);
    canvas.undoStroke();
    QCOMPARE(changed.count(), 2);
}

void TestInspectViews::clearEmptiesTheCanvas() {
    DigitCanvas canvas;
    canvas.addStroke({QPointF(140, 50), QPointF(140, 230)});
    canvas.addStroke({QPointF(100, 100)});
    QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
    canvas.clear();
    QCOMPARE(changed.count(), 1);
    QVERIFY(canvas.isEmpty());
    QCOMPARE(canvas.strokeCount(), 0);
    QCOMPARE(inkedPixels(canvas.ink()), 0);
    canvas.clear();  // nothing to clear: no signal
    QCOMPARE(changed.count(), 1);
}

void TestInspectViews::addStrokeRasterisesAtCanvasResolution() {
    DigitCanvas canvas;
    canvas.resize(100, 100);  // the widget's size does not change the canvas space
    QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
    canvas.addStroke({QPointF(140, 140)});  // a single click: a round dot of the pen's width
    QCOMPARE(changed.count(), 1);
    int width = 0, height = 0;
    const std::vector<float> ink = canvas.ink(&width, &height);
    QCOMPARE(width, kSide);
    QCOMPARE(height, kSide);
    QCOMPARE(ink.size(), static_cast<std::size_t>(kSide * kSide));
    QVERIFY(inkAt(ink, 140, 140) > 0.99f);
    QVERIFY(inkAt(ink, 140 + 9, 140) > 0.99f);
    QVERIFY(inkAt(ink, 140, 140 - 9) > 0.99f);
    QCOMPARE(inkAt(ink, 140 + 15, 140), 0.0f);
    QCOMPARE(inkAt(ink, 140 + 10, 140 + 10), 0.0f);  // round, not square
    const double r = DigitCanvas::kStrokeWidth / 2;
    const int area = inkedPixels(ink);
    QVERIFY2(std::abs(area - M_PI * r * r) < 2 * M_PI * r + 8, QByteArray::number(area));
    QVERIFY(std::all_of(ink.begin(), ink.end(), [](float v) { return v >= 0.0f && v <= 1.0f; }));
}

void TestInspectViews::imageGridCountsAndShowsEmptyText() {
    ImageGridView grid;
    grid.resize(400, 300);
    QCOMPARE(grid.imageCount(), 0);
    grid.setEmptyText("This model has no convolutional layers");
    QCOMPARE(grid.emptyText(), QString("This model has no convolutional layers"));
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    // The text is drawn in the middle of an otherwise plain viewport.
    const QImage empty = grid.viewport()->grab().toImage();
    const QColor background = empty.pixelColor(2, 2);
    bool textInMiddle = false;
    for (int x = 0; x < empty.width() && !textInMiddle; ++x)
        textInMiddle = empty.pixelColor(x, empty.height() / 2) != background;
    QVERIFY(textInMiddle);

    std::vector<ImageGridView::GridImage> images;
    for (int i = 0; i < 5; ++i) images.push_back({QString("filter %1").arg(i), 3, 3, std::vector<float>(9, i * 0.1f)});
    grid.setImages(images, ImageGridView::ColourMap::Diverging);
    QCOMPARE(grid.imageCount(), 5);
    QCOMPARE(grid.colourMap(), ImageGridView::ColourMap::Diverging);
    grid.setImages({}, ImageGridView::ColourMap::Sequential);
    QCOMPARE(grid.imageCount(), 0);
}

void TestInspectViews::imageGridFlowsAndScrollsManyImages() {
    ImageGridView grid;
    grid.setCellSize(56);
    grid.resize(420, 300);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    std::vector<ImageGridView::GridImage> images(128);
    for (int i = 0; i < 128; ++i) images[static_cast<std::size_t>(i)] = {QString("unit %1").arg(i), 28, 28, std::vector<float>(784, 0.5f)};
    grid.setImages(std::move(images), ImageGridView::ColourMap::Diverging);
    QCOMPARE(grid.imageCount(), 128);

    const int columns = grid.columnCount();
    QVERIFY2(columns >= 5 && columns <= 7, QByteArray::number(columns));
    // 28 × 28 at a whole-number zoom (2×) in a 56 px cell, flowing left to right.
    QCOMPARE(grid.imageRect(0).size(), QSize(56, 56));
    QCOMPARE(grid.imageRect(1).top(), grid.imageRect(0).top());
    QVERIFY(grid.imageRect(1).left() > grid.imageRect(0).right());
    QCOMPARE(grid.imageRect(columns).left(), grid.imageRect(0).left());
    QVERIFY(grid.imageRect(columns).top() > grid.imageRect(0).bottom());
    QCOMPARE(grid.imageAt(grid.imageRect(columns + 1).center()), columns + 1);

    // 128 units need scrolling; the last row is reachable.
    QScrollBar* bar = grid.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    const QRect last = grid.imageRect(127);
    QVERIFY(grid.viewport()->rect().contains(last));
    QCOMPARE(grid.imageAt(last.center()), 127);

    // Wider: more columns, fewer rows.
    grid.resize(840, 300);
    QTest::qWait(0);
    QVERIFY(grid.columnCount() > columns);

    // Bigger cells: fewer columns.
    grid.setCellSize(112);
    QVERIFY(grid.columnCount() < columns * 2);
    QCOMPARE(grid.imageRect(0).size(), QSize(112, 112));
}

void TestInspectViews::imageGridColoursWeightsAroundZero() {
    ImageGridView grid;
    grid.resize(300, 200);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    // Left third negative, middle 0, right third positive.
    std::vector<float> values(9 * 9);
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 9; ++x) values[static_cast<std::size_t>(y * 9 + x)] = x < 3 ? -0.4f : x < 6 ? 0.0f : 0.4f;
    grid.setImages({{"filter 0", 9, 9, values}}, ImageGridView::ColourMap::Diverging);
    const QRect r = grid.imageRect(0);
    const QImage shot = grid.viewport()->grab().toImage();
    const QColor negative = shot.pixelColor(r.left() + r.width() / 6, r.center().y());
    const QColor zero = shot.pixelColor(r.center());
    const QColor positive = shot.pixelColor(r.right() - r.width() / 6, r.center().y());
    QVERIFY2(negative.blue() > negative.red() + 60, describe(negative));
    QVERIFY2(positive.red() > positive.blue() + 60, describe(positive));
    QVERIFY2(zero.red() > 240 && zero.green() > 240 && zero.blue() > 240, describe(zero));
    QCOMPARE(QColor(ImageGridView::colourFor(ImageGridView::ColourMap::Diverging, -1.0f)), negative);
    QCOMPARE(QColor(ImageGridView::colourFor(ImageGridView::ColourMap::Diverging, 1.0f)), positive);

    // Sequential: dark for the lowest value, bright for the highest.
    grid.setImages({{"map 0", 9, 9, values}}, ImageGridView::ColourMap::Sequential);
    const QImage seq = grid.viewport()->grab().toImage();
    const QColor low = seq.pixelColor(r.left() + r.width() / 6, r.center().y());
    const QColor high = seq.pixelColor(r.right() - r.width() / 6, r.center().y());
    QVERIFY2(qGray(low.rgb()) < 80, describe(low));
    QVERIFY2(qGray(high.rgb()) > 180, describe(high));
}

void TestInspectViews::imageGridScalesPerImageOrOverAll() {
    ImageGridView grid;
    grid.resize(300, 200);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setImages({{"strong", 2, 2, {1.0f, 1.0f, 1.0f, 1.0f}}, {"weak", 2, 2, {0.05f, 0.05f, 0.05f, 0.05f}}},
                   ImageGridView::ColourMap::Diverging);
    QVERIFY(grid.perImageScale());
    auto colourOf = [&grid](int index) { return grid.viewport()->grab().toImage().pixelColor(grid.imageRect(index).center()); };
    // Per image, the weak one is as red as the strong one.
    QCOMPARE(colourOf(1), colourOf(0));
    grid.setSymmetricScale(false);
    // Over all images, it is nearly white.
    const QColor weak = colourOf(1);
    QVERIFY2(weak.red() > 230 && weak.green() > 220 && weak.blue() > 220, describe(weak));
    QCOMPARE(colourOf(0), QColor(ImageGridView::colourFor(ImageGridView::ColourMap::Diverging, 1.0f)));
}

void TestInspectViews::decisionRegionsPaintGridColoursInPlace() {
    DecisionRegionView view;
    view.resize(520, 440);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Points at the four corners only, so the quadrants' middles stay clear of dots.
    const std::vector<QPointF> points = {{-1, 1}, {1, 1}, {-1, -1}, {1, -1}};
    view.setPoints(points, {0, 1, 2, 3}, {"top left", "top right", "bottom left", "bottom right"});
    const QRectF range = view.dataRange();
    QCOMPARE(range.left(), -1.2);
    QCOMPARE(range.right(), 1.2);
    QCOMPARE(range.top(), -1.2);
    QCOMPARE(range.bottom(), 1.2);

    // A synthetic grid over that range: the class is the quadrant, confidence 1; row 0 is
    // at the top (yMax).
    nw::RegionGrid grid;
    grid.width = 40;
    grid.height = 40;
    grid.xMin = range.left(), grid.xMax = range.right(), grid.yMin = range.top(), grid.yMax = range.bottom();
    for (int row = 0; row < grid.height; ++row)
        for (int col = 0; col < grid.width; ++col) {
            const bool right = col >= grid.width / 2, bottom = row >= grid.height / 2;
            grid.classes.push_back((bottom ? 2 : 0) + (right ? 1 : 0));
            grid.confidence.push_back(1.0f);
        }
    view.setRegions(grid);
    QVERIFY(view.hasRegions());

    const std::vector<std::pair<QPointF, int>> quadrants = {{{-0.6, 0.6}, 0}, {{0.6, 0.6}, 1}, {{-0.6, -0.6}, 2}, {{0.6, -0.6}, 3}};
    for (const auto& [at, cls] : quadrants) {
        const QColor seen = pixel(view, view.toWidget(at));
        const QColor expected = QColor(view.regionColour(cls, 1.0f));
        QVERIFY2(near(seen, expected), describe(seen) + " vs " + describe(expected) + " for class " + QByteArray::number(cls));
    }
    // The four region colours differ from each other and from white.
    for (int a = 0; a < 4; ++a) {
        QVERIFY(!near(QColor(view.regionColour(a, 1.0f)), Qt::white, 20));
        for (int b = a + 1; b < 4; ++b) QVERIFY(!near(QColor(view.regionColour(a, 1.0f)), QColor(view.regionColour(b, 1.0f)), 10));
    }
    // Less sure is paler.
    QVERIFY(QColor(view.regionColour(0, 0.3f)).lightness() > QColor(view.regionColour(0, 1.0f)).lightness());

    // The data points are drawn on top, in their class's colour.
    for (std::size_t i = 0; i < points.size(); ++i) {
        const QColor seen = pixel(view, view.toWidget(points[i]));
        QVERIFY2(near(seen, view.classColour(static_cast<int>(i)), 6), describe(seen));
    }

    // Clearing the regions leaves white where they were.
    view.clearRegions();
    QVERIFY(!view.hasRegions());
    QVERIFY(near(pixel(view, view.toWidget(QPointF(-0.6, 0.6))), Qt::white));
}

void TestInspectViews::decisionRegionRangeAndPalette() {
    DecisionRegionView view;
    QCOMPARE(view.dataRange(), QRectF(0, 0, 1, 1));
    view.setPoints({{0, 0}, {10, 5}, {4, 1}}, {0, 1, 0}, {"a", "b"});
    QCOMPARE(view.pointCount(), 3);
    QCOMPARE(view.dataRange(), QRectF(QPointF(-1, -0.5), QPointF(11, 5.5)));
    // Ten distinct class colours, and more on demand.
    for (int a = 0; a < 12; ++a)
        for (int b = a + 1; b < 12; ++b) QVERIFY(view.classColour(a) != view.classColour(b));
    // Grids whose arrays do not match their size are ignored.
    nw::RegionGrid bad;
    bad.width = 4;
    bad.height = 4;
    bad.classes.assign(15, 0);
    bad.confidence.assign(16, 1.0f);
    view.setRegions(bad);
    QVERIFY(!view.hasRegions());
}

void TestInspectViews::regressionViewHoldsDataFitAndReference() {
    RegressionFitView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The linreg preset's data: y = 3x + 2 + U(0, 1).
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<QPointF> data;
    for (int i = 0; i < 100; ++i) {
        const double x = unit(rng);
        data.emplace_back(x, 3 * x + 2 + unit(rng));
    }
    view.setData(data);
    const QList<QPointF> held = view.dataSeries()->points();
    QCOMPARE(held.size(), 100);
    for (int i = 0; i < 100; ++i) QCOMPARE(held[i], data[static_cast<std::size_t>(i)]);
    const QRectF range = view.dataRange();
    for (const QPointF& p : data) QVERIFY(range.contains(p));
    QVERIFY(range.width() < 1.5 && range.height() < 6);  // a margin, not a blow-up

    // The fitted line, captioned from its end points.
    view.setFit({{0, 2.51}, {0.5, 4.0}, {1, 5.49}});
    QCOMPARE(view.caption(), QString("y = 2.98 x + 2.51"));
    QCOMPARE(view.chart()->title(), view.caption());
    QCOMPARE(view.fitSeries()->points().size(), 3);
    QVERIFY(view.fitSeries()->isVisible());
    view.setFit({{0, -0.5}, {1, 0.5}}, "y = 1.00 x - 0.50 (given)");
    QCOMPARE(view.caption(), QString("y = 1.00 x - 0.50 (given)"));
    QCOMPARE(RegressionFitView::lineCaption({{0, -0.5}, {2, 1.5}}), QString("y = 1.00 x - 0.50"));
    // Diverged outputs are left out rather than drawn.
    view.setFit({{0, 1}, {0.5, std::nan("")}, {1, 2}});
    QCOMPARE(view.fitSeries()->points().size(), 2);

    // The least-squares reference, dashed, lands near y = 3x + 2.5.
    QVERIFY(!view.referenceSeries()->isVisible());
    const std::vector<QPointF> ls = RegressionFitView::leastSquaresLine(data, range.left(), range.right());
    QCOMPARE(ls.size(), std::size_t{2});
    const double slope = (ls[1].y() - ls[0].y()) / (ls[1].x() - ls[0].x());
    QVERIFY2(std::abs(slope - 3.0) < 0.4, QByteArray::number(slope));
    QVERIFY2(std::abs(ls[0].y() - slope * ls[0].x() - 2.5) < 0.3, QByteArray::number(ls[0].y()));
    view.setReference(ls);
    QVERIFY(view.referenceSeries()->isVisible());
    QCOMPARE(view.referenceSeries()->points().size(), 2);
    QCOMPARE(view.referenceSeries()->pen().style(), Qt::DashLine);
    QVERIFY(view.referenceSeries()->name().startsWith("least squares: y = "));

    view.clear();
    QCOMPARE(view.dataSeries()->points().size(), 0);
    QVERIFY(!view.fitSeries()->isVisible());
    QVERIFY(!view.referenceSeries()->isVisible());
}

void TestInspectViews::saliencyOverlayFollowsTheMap() {
    SaliencyView view;
    view.resize(500, 260);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.panelRects().empty());

    QImage image(28, 28, QImage::Format_Grayscale8);
    image.fill(0);
    view.setImage(image);
    std::vector<float> saliency(28 * 28, 0.0f);
    for (int y = 0; y < 14; ++y)
        for (int x = 0; x < 14; ++x) saliency[static_cast<std::size_t>(y * 28 + x)] = 1.0f;  // top-left quadrant
    view.setSaliency(saliency, 28, 28);
    QVERIFY(view.hasImage());
    QVERIFY(view.hasSaliency());
    QVERIFY(view.overlayVisible());

    std::vector<QRect> panels = view.panelRects();
    QCOMPARE(panels.size(), std::size_t{1});
    QCOMPARE(panels[0].width() % 28, 0);  // whole-number zoom
    QCOMPARE(panels[0].width(), panels[0].height());
    auto quarter = [](const QRect& r, bool left, bool top) {
        return QPointF(r.left() + r.width() * (left ? 0.25 : 0.75), r.top() + r.height() * (top ? 0.25 : 0.75));
    };
    const QColor hot = pixel(view, quarter(panels[0], true, true));
    const QColor cold = pixel(view, quarter(panels[0], false, false));
    QVERIFY2(hot.red() > 150 && hot.blue() < 60, describe(hot));
    QVERIFY2(near(cold, Qt::black), describe(cold));

    view.setOverlayVisible(false);
    QVERIFY(near(pixel(view, quarter(view.panelRects()[0], true, true)), Qt::black));

    view.setSideBySide(true);
    QCOMPARE(view.panelRects().size(), std::size_t{2});  // image | saliency
    view.setOverlayVisible(true);
    panels = view.panelRects();
    QCOMPARE(panels.size(), std::size_t{3});  // image | saliency | overlay
    QVERIFY(near(pixel(view, quarter(panels[0], true, true)), Qt::black));
    QVERIFY(pixel(view, quarter(panels[1], true, true)).red() > 150);
    QVERIFY(pixel(view, quarter(panels[2], true, true)).red() > 150);

    view.setSaliency(saliency, 27, 28);  // does not match: no map
    QVERIFY(!view.hasSaliency());
    view.clear();
    QVERIFY(!view.hasImage());
    QVERIFY(view.panelRects().empty());
}

QTEST_MAIN(TestInspectViews)
#include "test_inspect_views.moc"
