// The designer's document: edits re-run shape inference, misfits are reported on the block,
// and undo restores the previous model exactly.
#include <QtTest>

#include "ModelDocument.h"
#include "TestDatasets.h"
#include "data/DatasetCatalog.h"
#include "train/Presets.h"

using namespace nw;
using nw::ui::ModelDocument;
using nlohmann::json;
using nw::testing::mnistShaped;

namespace {

}  // namespace

class ModelDocumentTest : public QObject {
    Q_OBJECT
private slots:
    void addingAndEditingADenseBlockUpdatesShapes() {
        ModelDocument doc;
        QSignalSpy changed(&doc, &ModelDocument::changed);
        doc.insertLayer(0, {{"type", "flatten"}});
        doc.insertLayer(1, {{"type", "dense"}, {"units", 32}, {"activation", "relu"}});
        QCOMPARE(changed.count(), 2);
        QVERIFY(doc.summary().valid());
        QCOMPARE(doc.summary().layers[1].outputShape, (Shape{32}));
        QCOMPARE(doc.summary().layers[1].parameters, std::int64_t{784 * 32 + 32});
        doc.setLayerField(1, "units", 64);
        QCOMPARE(doc.summary().layers[1].outputShape, (Shape{64}));
        QCOMPARE(doc.summary().layers[1].parameters, std::int64_t{784 * 64 + 64});
    }

    void denseAfterConvWithoutFlattenIsReportedOnThatBlock() {
        ModelDocument doc;
        doc.insertLayer(0, {{"type", "conv2d"}, {"filters", 8}, {"kernel_size", 3}});
        doc.insertLayer(1, {{"type", "dense"}, {"units", 10}});
        QVERIFY(!doc.summary().valid());
        QVERIFY(doc.summary().layers[0].error.empty());
        QVERIFY(QString::fromStdString(doc.summary().layers[1].error).contains("flatten"));
        doc.insertLayer(1, {{"type", "flatten"}});  // inserted between the two
        QVERIFY(doc.summary().valid());
        QCOMPARE(doc.summary().layers[2].parameters, std::int64_t{8 * 26 * 26 * 10 + 10});
    }

    void undoRestoresThePreviousModelExactly() {
        ModelDocument doc;
        doc.replaceSpec(makePreset("mlp", mnistShaped()).spec, "mlp preset");
        const json original = doc.spec();
        doc.setLayerField(1, "units", 1);
        doc.setLayerField(1, "units", 12);
        doc.setLayerField(1, "units", 120);  // three keystrokes, one step
        doc.moveLayer(2, 1);
        doc.duplicateLayer(0);
        doc.removeLayer(3);
        QCOMPARE(doc.undoStack()->count(), 5);
        while (doc.undoStack()->index() > 1) doc.undoStack()->undo();
        QCOMPARE(doc.spec(), original);
        doc.undoStack()->undo();
        QCOMPARE(doc.layerCount(), 0);
        doc.undoStack()->redo();
        QCOMPARE(doc.spec(), original);
        QVERIFY(doc.summary().valid());
    }

    void everyPresetValidatesAgainstMnist() {
        const Dataset mnist = mnistShaped();
        for (const auto& entry : presetNames()) {
            if (entry.name == "linreg" || entry.name == "logreg") continue;  // regression / two-class sets
            ModelDocument doc;
            doc.replaceSpec(makePreset(entry.name, mnist).spec, QString::fromStdString(entry.name));
            QVERIFY2(doc.summary().valid(), entry.name.c_str());
            QCOMPARE(doc.summary().layers.back().outputShape, (Shape{10}));
        }
    }

    void newInputShapeRechecksWithoutAnUndoStep() {
        ModelDocument doc;
        doc.insertLayer(0, {{"type", "conv2d"}, {"filters", 4}, {"kernel_size", 5}});
        QVERIFY(doc.summary().valid());
        doc.setInputShape({1, 4, 4});
        QVERIFY(QString::fromStdString(doc.summary().layers[0].error).contains("larger than its input"));
        QCOMPARE(doc.undoStack()->count(), 1);
    }
};

QTEST_APPLESS_MAIN(ModelDocumentTest)
#include "test_model_document.moc"
