// The workbench window as a user meets it: it opens on MNIST with the mlp preset, projects
// round-trip, and a corrupt project is refused without touching the workspace.
#include <QtTest>

#include <QTabWidget>

#include "MainWindow.h"
#include "Workspace.h"
#include "TestDatasets.h"

using nw::ui::MainWindow;

class MainWindowTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("NetwrightTests");
        QCoreApplication::setApplicationName("test_main_window");
        QSettings().clear();
    }

    void opensOnMnistWithTheMlpPreset() {
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.show();
        window.loadDataset("mnist", "mlp");
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        QCOMPARE(window.tabs()->count(), 5);
        QCOMPARE(window.workspace().document().layerCount(), 4);
        QVERIFY(window.workspace().document().summary().valid());
        QCOMPARE(window.workspace().document().summary().parameters, std::int64_t{118282});
        QVERIFY(window.workspace().document().undoStack()->isClean());
    }

    void projectRoundTripAndCorruptFile() {
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.loadDataset("mnist", "cnn");
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        window.workspace().document().setLayerField(0, "filters", 16);
        const nlohmann::json designed = window.workspace().document().spec();
        const QString path = dir_.filePath("p.nwproj");
        QVERIFY(window.saveProject(path));
        QVERIFY(window.workspace().document().undoStack()->isClean());

        MainWindow other(nw::testing::dataDir());
        other.setDialogsEnabled(false);
        QSignalSpy otherReady(&other, &MainWindow::workspaceReady);
        QVERIFY(other.openProject(path));
        QCOMPARE(other.workspace().document().spec(), designed);
        QTRY_VERIFY_WITH_TIMEOUT(otherReady.count() == 1, 30000);
        QVERIFY(other.workspace().document().summary().valid());

        QFile corrupt(dir_.filePath("bad.nwproj"));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("{\"format\": \"netwright-project\", \"version\": 1, \"dataset\": ");
        corrupt.close();
        QVERIFY(!other.openProject(corrupt.fileName()));
        QVERIFY2(other.lastError().contains("bad.nwproj"), qPrintable(other.lastError()));
        QCOMPARE(other.workspace().document().spec(), designed);
    }

    void presetNeedsFittingData() {
        MainWindow window(nw::testing::dataDir());
        window.setDialogsEnabled(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.loadDataset("mnist", "mlp");
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
        const nlohmann::json before = window.workspace().document().spec();
        QVERIFY(!window.applyPreset("logreg"));  // MNIST has ten classes
        QVERIFY(window.lastError().contains("two-class"));
        QCOMPARE(window.workspace().document().spec(), before);
        QVERIFY(window.applyPreset("tiny"));
        window.workspace().document().undoStack()->undo();
        QCOMPARE(window.workspace().document().spec(), before);
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
