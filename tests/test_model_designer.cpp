// The model designer, driven through its real widgets: palette, canvas blocks, property
// editor and summary follow every edit of the document, undo included.
#include <QtTest>

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QSpinBox>

#include "ModelScreen.h"
#include "Workspace.h"
#include "ModelDocument.h"
#include "DesignerHelpers.h"
#include "TestDatasets.h"
#include "data/Dataset.h"
#include "nn/LayerFactory.h"
#include "train/Presets.h"

using namespace nw;
using nw::ui::Workspace;
using nw::ui::ModelScreen;
using nw::ui::ModelDocument;
using nlohmann::json;
using nw::testing::mnistShaped;

namespace {

// The canvas blocks top to bottom; [0] is the input block.
QList<QGraphicsItem*> blocksTopToBottom(ModelScreen& w) {
    QList<QGraphicsItem*> blocks;
    for (auto* item : w.scene()->items())
        if (item->type() == QGraphicsItem::UserType + 71) blocks << item;
    std::sort(blocks.begin(), blocks.end(), [](auto* a, auto* b) { return a->y() < b->y(); });
    return blocks;
}

QListWidgetItem* paletteItem(QListWidget* palette, const QString& type) {
    for (int i = 0; i < palette->count(); ++i)
        if (palette->item(i)->data(Qt::UserRole).toString() == type) return palette->item(i);
    return nullptr;
}

void doubleClickPalette(QListWidget* palette, const QString& type) {
    QListWidgetItem* item = paletteItem(palette, type);
    QVERIFY2(item, qPrintable(type));
    palette->scrollToItem(item);
    const QPoint at = palette->visualItemRect(item).center();
    QTest::mouseClick(palette->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, at);
}

void clickBlock(ModelScreen& w, int index) {
    auto* view = w.findChild<QGraphicsView*>("modelCanvas");
    QVERIFY(view);
    QGraphicsItem* block = nullptr;
    // Blocks are stacked top to bottom: find the one whose text is block index's.
    const QList<QGraphicsItem*> blocks = blocksTopToBottom(w);
    QVERIFY(index + 1 < blocks.size());
    block = blocks[index + 1];  // [0] is the input
    view->ensureVisible(block);
    const QPoint at = view->mapFromScene(block->sceneBoundingRect().center());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
}

}  // namespace

class ModelDesignerTest : public QObject {
    Q_OBJECT
private slots:
    void childrenAreFindable() {
        Workspace workspace(nw::testing::dataDir());
        ModelScreen w(workspace);
        auto* palette = w.findChild<QListWidget*>("layerPalette");
        QVERIFY(palette);
        QVERIFY(w.findChild<QGraphicsView*>("modelCanvas"));
        QVERIFY(w.findChild<QWidget*>("propertyEditor"));
        QVERIFY(w.findChild<QLabel*>("modelSummary"));
        for (const auto& type : layerTypes()) QVERIFY2(paletteItem(palette, QString::fromStdString(type)), type.c_str());
        QCOMPARE(w.blockText(-1), QString("Input\n(1, 28, 28)   one sample"));
        QCOMPARE(w.blockCount(), 0);
    }

    void buildingFromThePaletteAndEditingUnits() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        w.resize(1100, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* palette = w.findChild<QListWidget*>("layerPalette");
        doubleClickPalette(palette, "flatten");
        doubleClickPalette(palette, "dense");
        QCOMPARE(doc.layerCount(), 2);
        QCOMPARE(doc.layers()[1], (json{{"type", "dense"}, {"units", 64}, {"activation", "relu"}}));
        QCOMPARE(w.blockCount(), 2);
        QCOMPARE(w.blockText(0), QString("flatten\n→ (784)   0 params"));
        QCOMPARE(w.blockText(1), QString("dense\n64 units · relu\n→ (64)   50,240 params"));

        w.selectLayer(-1);
        clickBlock(w, 1);
        QCOMPARE(w.selectedLayer(), 1);
        auto* units = w.findChild<QWidget*>("propertyEditor")->findChild<QSpinBox*>("field_units");
        QVERIFY(units);
        QCOMPARE(units->value(), 64);
        units->setValue(128);
        QCOMPARE(doc.layers()[1]["units"], json(128));
        QCOMPARE(w.blockText(1), QString("dense\n128 units · relu\n→ (128)   100,480 params"));
        QVERIFY(w.summaryText().contains("100,480"));
        QVERIFY(w.summaryText().contains("fits"));
        // The editor survives its own edit and keeps editing the same block.
        QCOMPARE(w.findChild<QSpinBox*>("field_units"), units);
        units->setValue(129);
        units->setValue(130);
        QCOMPARE(doc.undoStack()->count(), 3);  // flatten, dense, units (merged)
        QCOMPARE(w.blockText(1), QString("dense\n130 units · relu\n→ (130)   102,050 params"));
    }

    void denseAfterConvShowsTheErrorAndUndoRestores() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        w.insertLayerOfType("conv2d");
        w.insertLayerOfType("maxpool2d");
        w.insertLayerOfType("flatten");
        w.insertLayerOfType("dense");
        QCOMPARE(w.blockText(0), QString("conv2d\n16 × 3×3 · valid · relu\n→ (16, 26, 26)   160 params"));
        QCOMPARE(w.blockText(1), QString("maxpool2d\n2×2\n→ (16, 13, 13)   0 params"));
        QVERIFY(!w.blockShowsError(3));
        const QStringList before{w.blockText(0), w.blockText(1), w.blockText(2), w.blockText(3)};
        const QString summaryBefore = w.summaryText();

        // Put dense directly after conv2d.
        doc.moveLayer(3, 1);
        QCOMPARE(w.blockText(1).section('\n', 0, 0), QString("dense"));
        QVERIFY(w.blockShowsError(1));
        QVERIFY(w.blockToolTip(1).contains("flatten"));
        QVERIFY(!w.blockShowsError(0));
        QVERIFY(w.blockIsGreyed(2));
        QVERIFY(w.blockIsGreyed(3));
        QVERIFY(w.summaryText().contains("layer 2 (dense)"));
        w.selectLayer(1);
        QVERIFY(w.selectedErrorText().contains("flatten"));

        doc.undoStack()->undo();
        const QStringList after{w.blockText(0), w.blockText(1), w.blockText(2), w.blockText(3)};
        QCOMPARE(after, before);
        QCOMPARE(w.summaryText(), summaryBefore);
        QVERIFY(!w.blockShowsError(3));
        QVERIFY(w.selectedErrorText().isEmpty());
    }

    void reorderingDeletingAndDuplicating() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        w.resize(1100, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        doc.replaceSpec(makePreset("mlp", mnistShaped()).spec, "mlp");
        QCOMPARE(w.blockCount(), 4);
        const QString output = w.blockText(3);
        doc.moveLayer(3, 1);
        QCOMPARE(w.blockText(1).section('\n', 0, 1), QString("dense\n10 units · softmax"));
        doc.undoStack()->undo();
        QCOMPARE(w.blockText(3), output);

        auto* view = w.findChild<QGraphicsView*>("modelCanvas");
        clickBlock(w, 2);
        QCOMPARE(w.selectedLayer(), 2);
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(doc.layerCount(), 5);
        QCOMPARE(w.selectedLayer(), 3);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(doc.layerCount(), 4);
        QCOMPARE(w.blockCount(), 4);
        QCOMPARE(doc.layers()[3]["units"], json(10));
        clickBlock(w, 1);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(doc.layerCount(), 3);
        QCOMPARE(w.blockCount(), 3);
        QCOMPARE(w.selectedLayer(), 1);
        QVERIFY(doc.summary().valid());
    }

    void draggingABlockReordersIt() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        w.resize(1100, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        doc.replaceSpec(makePreset("mlp", mnistShaped()).spec, "mlp");
        auto* view = w.findChild<QGraphicsView*>("modelCanvas");
        const QList<QGraphicsItem*> blocks = blocksTopToBottom(w);
        const QPoint from = view->mapFromScene(blocks[4]->sceneBoundingRect().center());
        const QPoint to = view->mapFromScene(blocks[2]->sceneBoundingRect().center() - QPointF(0, 10));
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        for (int step = 1; step <= 10; ++step) {
            const QPoint p = from + (to - from) * step / 10;
            QMouseEvent move(QEvent::MouseMove, p, view->viewport()->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &move);
        }
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
        QCOMPARE(doc.layers()[1]["units"], json(10));  // the output layer moved up to index 1
        QCOMPARE(w.selectedLayer(), 1);
    }

    void droppingAPaletteItemInsertsItWhereItFalls() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        w.resize(1100, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        doc.replaceSpec(makePreset("mlp", mnistShaped()).spec, "mlp");
        auto* view = w.findChild<QGraphicsView*>("modelCanvas");
        const QList<QGraphicsItem*> blocks = blocksTopToBottom(w);
        // Between the first dense block (blocks[2]) and the second (blocks[3]).
        const QPointF gap = (blocks[2]->sceneBoundingRect().bottomLeft() + blocks[3]->sceneBoundingRect().topRight()) / 2;
        const QPoint at = view->mapFromScene(gap);
        auto* mime = new QMimeData;  // owned by the drag events' sender in real use; freed below
        mime->setData("application/x-netwright-layer", "dropout");
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
        delete mime;
        QCOMPARE(doc.layerCount(), 5);
        QCOMPARE(doc.layers()[2]["type"], json("dropout"));
        QVERIFY(doc.summary().valid());
        doc.undoStack()->undo();
        QCOMPARE(doc.layerCount(), 4);
    }

    void renderMlpPreset() {
        Workspace workspace(nw::testing::dataDir());
        ModelDocument& doc = workspace.document();
        ModelScreen w(workspace);
        doc.replaceSpec(makePreset("mlp", mnistShaped()).spec, "mlp");
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.selectLayer(1);
        QCoreApplication::processEvents();
        QVERIFY(w.grab().save("/tmp/designer.png"));
        // And one with a misfit, for the error drawing.
        doc.insertLayer(0, nw::ui::designer::defaultEntry("conv2d"));
        doc.removeLayer(1);
        w.selectLayer(1);
        QCoreApplication::processEvents();
        QVERIFY(w.grab().save("/tmp/designer_error.png"));
    }
};

QTEST_MAIN(ModelDesignerTest)
#include "test_model_designer.moc"
