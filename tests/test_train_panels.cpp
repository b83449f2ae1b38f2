// The Train screen's side panels, driven through their widgets: the hyperparameter form
// (every field round-trips, only the chosen optimizer's settings show), the per-layer
// statistics of a single step, and the run history (rename in place, overlay, delete,
// resume).
#include <QtTest>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTableWidget>

#include "HyperparameterForm.h"
#include "LayerStatisticsPanel.h"
#include "RunHistoryPanel.h"
#include "RunListModel.h"
#include "ScientificSpinBox.h"

using namespace nw;
using nw::ui::HyperparameterForm;
using nw::ui::LayerStatisticsPanel;
using nw::ui::RunHistoryPanel;
using nw::ui::RunListModel;
using nw::ui::ScientificSpinBox;

namespace {

template <typename T>
T* child(QWidget& parent, const char* name) {
    T* w = parent.findChild<T*>(name);
    if (!w) qFatal("no child '%s'", name);
    return w;
}

void choose(QComboBox* box, const QString& value) {
    const int target = box->findData(value);
    QVERIFY2(target >= 0, qPrintable(value));
    while (box->currentIndex() < target) QTest::keyClick(box, Qt::Key_Down);
    while (box->currentIndex() > target) QTest::keyClick(box, Qt::Key_Up);
    QCOMPARE(box->currentData().toString(), value);
}

// Replaces the number in a spin box as typed, then Enter.
void type(QAbstractSpinBox* spin, const QString& text) {
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Return);
}

void type(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

void compareConfigs(const TrainingConfig& a, const TrainingConfig& b) {
    QCOMPARE(a.loss, b.loss);
    QCOMPARE(a.optimizer.kind, b.optimizer.kind);
    QCOMPARE(a.optimizer.momentum, b.optimizer.momentum);
    QCOMPARE(a.optimizer.nesterov, b.optimizer.nesterov);
    QCOMPARE(a.optimizer.weightDecay, b.optimizer.weightDecay);
    QCOMPARE(a.optimizer.beta1, b.optimizer.beta1);
    QCOMPARE(a.optimizer.beta2, b.optimizer.beta2);
    QCOMPARE(a.optimizer.rho, b.optimizer.rho);
    QCOMPARE(a.optimizer.epsilon, b.optimizer.epsilon);
    QCOMPARE(a.schedule.kind, b.schedule.kind);
    QCOMPARE(a.schedule.baseRate, b.schedule.baseRate);
    QCOMPARE(a.schedule.stepEpochs, b.schedule.stepEpochs);
    QCOMPARE(a.schedule.gamma, b.schedule.gamma);
    QCOMPARE(a.schedule.totalEpochs, b.schedule.totalEpochs);
    QCOMPARE(a.schedule.minRate, b.schedule.minRate);
    QCOMPARE(a.batchSize, b.batchSize);
    QCOMPARE(a.epochs, b.epochs);
    QCOMPARE(a.validationSplit, b.validationSplit);
    QCOMPARE(a.seed, b.seed);
    QCOMPARE(a.threads, b.threads);
    QCOMPARE(a.normalization, b.normalization);
    QCOMPARE(a.augmentation.toJson().dump(), b.augmentation.toJson().dump());
}

// Every field away from its default.
TrainingConfig unusualConfig(const std::string& optimizer, const std::string& schedule) {
    TrainingConfig c;
    c.loss = "mse";
    c.optimizer.kind = optimizer;
    c.optimizer.momentum = 0.85f;
    c.optimizer.nesterov = true;
    c.optimizer.weightDecay = 5e-4f;
    c.optimizer.beta1 = 0.8f;
    c.optimizer.beta2 = 0.995f;
    c.optimizer.rho = 0.95f;
    c.optimizer.epsilon = 1e-8f;
    c.schedule.kind = schedule;
    c.schedule.baseRate = 3e-4;
    c.schedule.stepEpochs = 2.5;
    c.schedule.gamma = 0.5;
    c.schedule.totalEpochs = 12;
    c.schedule.minRate = 1e-5;
    c.batchSize = 64;
    c.epochs = 7;
    c.validationSplit = 0.15;
    c.seed = 12345678901234ull;  // beyond an int
    c.threads = 3;
    c.normalization = "standard";
    c.augmentation.maxShift = 2.0f;
    return c;
}

bool shown(QWidget& form, const char* name) { return child<QWidget>(form, name)->isVisibleTo(&form); }

RunRecord makeRun(const std::string& id, const std::string& name, RunRecord::Status status, int done, int planned,
                  const std::string& checkpoint) {
    RunRecord r;
    r.id = id;
    r.name = name;
    r.status = status;
    r.checkpointPath = checkpoint;
    r.config.epochs = planned;
    for (int e = 1; e <= done; ++e) {
        EpochReport report{};
        report.epoch = e;
        report.epochs = planned;
        report.train.loss = 1.0 / e;
        report.train.accuracy = 0.5 + 0.04 * e;
        report.train.samples = 900;
        report.validation.loss = 1.2 / e;
        report.validation.accuracy = 0.5 + 0.0478 * e;
        report.validation.samples = 100;
        r.epochs.push_back(report);
    }
    return r;
}

// The row of the run shown with this name, as the view shows it.
QModelIndex indexOf(QTableView* table, const QString& name) {
    const QAbstractItemModel* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, RunListModel::NameColumn).data().toString() == name) return model->index(row, RunListModel::NameColumn);
    return {};
}

QString cell(QTableView* table, int row, int column) { return table->model()->index(row, column).data().toString(); }

void clickRow(QTableView* table, const QString& name) {
    const QModelIndex index = indexOf(table, name);
    QVERIFY2(index.isValid(), qPrintable(name));
    const QRect rect = table->visualRect(index.siblingAtColumn(RunListModel::StatusColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

void clickCheckBox(QTableView* table, const QModelIndex& index) {
    QStyleOptionViewItem option;
    option.initFrom(table->viewport());
    option.rect = table->visualRect(index);
    option.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    option.text = index.data().toString();
    option.checkState = index.data(Qt::CheckStateRole).value<Qt::CheckState>();
    option.widget = table;
    const QRect box = table->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, table);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, box.center());
}

// The in-place editor of the table, once one is open.
QLineEdit* openEditor(QTableView* table) {
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    for (QLineEdit* edit : table->viewport()->findChildren<QLineEdit*>())
        if (edit->isVisible()) return edit;
    return nullptr;
}

// Enter in an in-place editor; the view commits from the event loop.
void commit(QLineEdit* editor) {
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::processEvents();
}

// A finished run, a stopped one without a checkpoint and one still going.
std::vector<RunRecord> threeRuns() {
    return {makeRun("r1", "Adam 1e-3", RunRecord::Status::Completed, 10, 10, "/tmp/r1.ckpt"),
            makeRun("r2", "SGD 0.1", RunRecord::Status::Stopped, 3, 10, ""),
            makeRun("r3", "Adam 1e-2", RunRecord::Status::Running, 2, 20, "/tmp/r3.ckpt")};
}

}  // namespace

class TrainPanelsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void scientificSpinBoxReadsAndStepsDecades() {
        QCOMPARE(ScientificSpinBox::format(1e-3), QString("0.001"));
        QCOMPARE(ScientificSpinBox::format(1e-4), QString("0.0001"));
        QCOMPARE(ScientificSpinBox::format(2.5e-7), QString("2.5e-7"));
        QCOMPARE(ScientificSpinBox::fromFloat(1e-7f), 1e-7);

        ScientificSpinBox spin;
        spin.setRange(1e-8, 10.0);
        spin.setLadderStart(1e-8);
        spin.show();
        QVERIFY(QTest::qWaitForWindowExposed(&spin));
        type(&spin, "1e-4");
        QCOMPARE(spin.value(), 1e-4);
        QCOMPARE(spin.text(), QString("0.0001"));
        type(&spin, "0.001");
        QCOMPARE(spin.value(), 1e-3);
        QTest::keyClick(&spin, Qt::Key_Up);
        QCOMPARE(spin.value(), 2e-3);
        QTest::keyClick(&spin, Qt::Key_Up);
        QCOMPARE(spin.value(), 5e-3);
        QTest::keyClick(&spin, Qt::Key_Up);
        QCOMPARE(spin.value(), 1e-2);
        QTest::keyClick(&spin, Qt::Key_Down);
        QTest::keyClick(&spin, Qt::Key_Down);
        QTest::keyClick(&spin, Qt::Key_Down);
        QTest::keyClick(&spin, Qt::Key_Down);
        QCOMPARE(spin.value(), 5e-4);
        type(&spin, "abc");  // letters are refused
        QCOMPARE(spin.value(), 5e-4);
        type(&spin, "1e-20");  // below the range: the nearest bound
        QCOMPARE(spin.value(), 1e-8);
    }

    void setConfigRoundTripsEveryField() {
        HyperparameterForm form;
        QSignalSpy changed(&form, &HyperparameterForm::configChanged);
        for (const std::string optimizer : {"sgd", "adam", "rmsprop"})
            for (const std::string schedule : {"constant", "step", "cosine"}) {
                const TrainingConfig c = unusualConfig(optimizer, schedule);
                form.setConfig(c);
                compareConfigs(form.config(), c);
            }
        // The whole set, an alias of a loss and the defaults come back as they were set.
        TrainingConfig c = unusualConfig("adam", "constant");
        c.batchSize = 0;
        c.loss = "sparse_categorical_crossentropy";
        form.setConfig(c);
        compareConfigs(form.config(), c);
        QCOMPARE(child<QComboBox>(form, "lossCombo")->currentData().toString(), QString("cross_entropy"));
        QVERIFY(child<QCheckBox>(form, "wholeSet")->isChecked());
        QVERIFY(!child<QSpinBox>(form, "batchSize")->isEnabled());
        form.setConfig(TrainingConfig{});
        compareConfigs(form.config(), TrainingConfig{});
        // A value the form does not offer survives too, for the setup check to name.
        c.optimizer.kind = "adagrad";
        form.setConfig(c);
        QCOMPARE(form.config().optimizer.kind, std::string("adagrad"));
        form.setConfig(TrainingConfig{});
        QCOMPARE(child<QComboBox>(form, "optimizerKind")->findData("adagrad"), -1);
        QCOMPARE(changed.count(), 0);
    }

    void showsOnlyTheChosenOptimizersFields() {
        HyperparameterForm form;
        form.resize(360, 900);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        auto* kind = child<QComboBox>(form, "optimizerKind");

        choose(kind, "sgd");
        QVERIFY(shown(form, "momentum") && shown(form, "nesterov"));
        QVERIFY(!shown(form, "beta1") && !shown(form, "beta2") && !shown(form, "rho") && !shown(form, "epsilon"));
        QVERIFY(shown(form, "weightDecay"));

        choose(kind, "adam");
        QVERIFY(shown(form, "beta1") && shown(form, "beta2") && shown(form, "epsilon"));
        QVERIFY(!shown(form, "momentum") && !shown(form, "nesterov") && !shown(form, "rho"));
        QVERIFY(shown(form, "weightDecay"));

        choose(kind, "rmsprop");
        QVERIFY(shown(form, "rho") && shown(form, "epsilon"));
        QVERIFY(!shown(form, "momentum") && !shown(form, "beta1") && !shown(form, "beta2"));
        QVERIFY(shown(form, "weightDecay"));

        auto* schedule = child<QComboBox>(form, "scheduleKind");
        choose(schedule, "constant");
        QVERIFY(!shown(form, "stepEpochs") && !shown(form, "gamma") && !shown(form, "cosineEpochs") &&
                !shown(form, "minRate"));
        choose(schedule, "step");
        QVERIFY(shown(form, "stepEpochs") && shown(form, "gamma"));
        QVERIFY(!shown(form, "cosineEpochs") && !shown(form, "minRate"));
        choose(schedule, "cosine");
        QVERIFY(shown(form, "cosineEpochs") && shown(form, "minRate"));
        QVERIFY(!shown(form, "stepEpochs") && !shown(form, "gamma"));

        // setConfig shows the fields of the kind it sets.
        form.setConfig(unusualConfig("sgd", "step"));
        QVERIFY(shown(form, "momentum") && !shown(form, "beta1"));
        QVERIFY(shown(form, "gamma") && !shown(form, "minRate"));
    }

    void editingEveryFieldChangesTheConfig() {
        HyperparameterForm form;
        form.resize(360, 900);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.setConfig(TrainingConfig{});
        QSignalSpy changed(&form, &HyperparameterForm::configChanged);

        choose(child<QComboBox>(form, "optimizerKind"), "sgd");
        QCOMPARE(changed.count(), 1);
        type(child<QDoubleSpinBox>(form, "momentum"), "0.9");
        QTest::keyClick(child<QDoubleSpinBox>(form, "momentum"), Qt::Key_Up);
        QCOMPARE(child<QDoubleSpinBox>(form, "momentum")->text(), QString("0.95"));
        QTest::keyClick(child<QDoubleSpinBox>(form, "momentum"), Qt::Key_Down);
        QCOMPARE(child<QDoubleSpinBox>(form, "momentum")->text(), QString("0.9"));
        QTest::keyClick(child<QCheckBox>(form, "nesterov"), Qt::Key_Space);
        type(child<QDoubleSpinBox>(form, "weightDecay"), "5e-4");
        type(child<QDoubleSpinBox>(form, "learningRate"), "1e-4");
        choose(child<QComboBox>(form, "scheduleKind"), "step");
        type(child<QDoubleSpinBox>(form, "stepEpochs"), "1");
        QCOMPARE(child<QDoubleSpinBox>(form, "stepEpochs")->text(), QString("1 epoch"));
        type(child<QDoubleSpinBox>(form, "stepEpochs"), "3");
        QCOMPARE(child<QDoubleSpinBox>(form, "stepEpochs")->text(), QString("3 epochs"));
        type(child<QDoubleSpinBox>(form, "gamma"), "0.5");
        choose(child<QComboBox>(form, "lossCombo"), "mse");
        type(child<QSpinBox>(form, "batchSize"), "128");
        type(child<QSpinBox>(form, "epochs"), "25");
        type(child<QDoubleSpinBox>(form, "validationSplit"), "20");
        type(child<QLineEdit>(form, "seed"), "4242");
        QTest::keyClick(child<QSpinBox>(form, "threads"), Qt::Key_Up);
        QTest::keyClick(child<QSpinBox>(form, "threads"), Qt::Key_Up);

        TrainingConfig c = form.config();
        QCOMPARE(c.optimizer.kind, std::string("sgd"));
        QCOMPARE(c.optimizer.momentum, 0.9f);
        QVERIFY(c.optimizer.nesterov);
        QCOMPARE(c.optimizer.weightDecay, 5e-4f);
        QCOMPARE(c.schedule.baseRate, 1e-4);
        QCOMPARE(c.schedule.kind, std::string("step"));
        QCOMPARE(c.schedule.stepEpochs, 3.0);
        QCOMPARE(c.schedule.gamma, 0.5);
        QCOMPARE(c.loss, std::string("mse"));
        QCOMPARE(c.batchSize, 128);
        QCOMPARE(c.epochs, 25);
        QCOMPARE(c.validationSplit, 0.2);
        QCOMPARE(c.seed, std::uint64_t{4242});
        QCOMPARE(c.threads, 2);
        QVERIFY(changed.count() >= 14);

        // Adam's and RMSprop's own settings.
        choose(child<QComboBox>(form, "optimizerKind"), "adam");
        type(child<QDoubleSpinBox>(form, "beta1"), "0.85");
        type(child<QDoubleSpinBox>(form, "beta2"), "0.99");
        type(child<QDoubleSpinBox>(form, "epsilon"), "1e-6");
        c = form.config();
        QCOMPARE(c.optimizer.kind, std::string("adam"));
        QCOMPARE(c.optimizer.beta1, 0.85f);
        QCOMPARE(c.optimizer.beta2, 0.99f);
        QCOMPARE(c.optimizer.epsilon, 1e-6f);
        choose(child<QComboBox>(form, "optimizerKind"), "rmsprop");
        type(child<QDoubleSpinBox>(form, "rho"), "0.8");
        QCOMPARE(form.config().optimizer.rho, 0.8f);
        QCOMPARE(form.config().optimizer.kind, std::string("rmsprop"));

        // Cosine starts spanning the whole run; its floor is typed in e-notation.
        choose(child<QComboBox>(form, "scheduleKind"), "cosine");
        QCOMPARE(form.config().schedule.totalEpochs, 25.0);
        type(child<QDoubleSpinBox>(form, "minRate"), "1e-6");
        QCOMPARE(form.config().schedule.minRate, 1e-6);

        // The whole training set in one batch, and back.
        const int before = changed.count();
        QTest::keyClick(child<QCheckBox>(form, "wholeSet"), Qt::Key_Space);
        QCOMPARE(form.config().batchSize, 0);
        QVERIFY(!child<QSpinBox>(form, "batchSize")->isEnabled());
        QTest::keyClick(child<QCheckBox>(form, "wholeSet"), Qt::Key_Space);
        QCOMPARE(form.config().batchSize, 128);
        QCOMPARE(changed.count(), before + 2);

        // Zero threads reads "Automatic".
        QTest::keyClick(child<QSpinBox>(form, "threads"), Qt::Key_Down);
        QTest::keyClick(child<QSpinBox>(form, "threads"), Qt::Key_Down);
        QCOMPARE(form.config().threads, 0);
        QCOMPARE(child<QSpinBox>(form, "threads")->text(), QString("Automatic"));
    }

    void problemsShowUnderTheFormAndLockingStopsEditing() {
        HyperparameterForm form;
        form.resize(360, 900);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        auto* label = child<QLabel>(form, "setupProblems");
        QVERIFY(!label->isVisible());

        form.setProblems({"the loss 'mse' needs a regression target", "epochs must be at least 1"});
        QVERIFY(label->isVisible());
        QVERIFY(label->wordWrap());
        QVERIFY(label->text().contains("the loss 'mse' needs a regression target"));
        QVERIFY(label->text().contains("epochs must be at least 1"));
        form.setProblems({"batch size is larger than the training set"});
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QString("Cannot start: batch size is larger than the training set"));
        form.setProblems({});
        QVERIFY(!label->isVisible());

        form.setLocked(true);
        QVERIFY(form.isLocked());
        QVERIFY(!child<QWidget>(form, "learningRate")->isEnabled());
        QVERIFY(!child<QWidget>(form, "optimizerKind")->isEnabled());
        QVERIFY(!child<QWidget>(form, "epochs")->isEnabled());
        QVERIFY(child<QLabel>(form, "lockedNote")->isVisible());
        form.setLocked(false);
        QVERIFY(child<QWidget>(form, "learningRate")->isEnabled());
        QVERIFY(!child<QLabel>(form, "lockedNote")->isVisible());
    }

    void statisticsGiveAVerdictPerLayer() {
        LayerStatisticsPanel panel;
        panel.resize(360, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* placeholder = child<QLabel>(panel, "statisticsPlaceholder");
        auto* table = child<QTableWidget>(panel, "layerStatisticsTable");
        QVERIFY(placeholder->isVisible());
        QCOMPARE(placeholder->text(), QString("Press Step (F10) to run one batch and see what it did to each layer."));
        QVERIFY(!panel.hasStatistics());

        panel.setStatistics({{"layer 1 (dense)", 0.0123, 0.5, 1.0},
                             {"layer 2 (dense)", 2.5, 2e-3, 2.0},
                             {"layer 3 (dense)", 1e-4, 3e-7, 3.0}},
                            42);
        QVERIFY(table->isVisible());
        QVERIFY(!placeholder->isVisible());
        QCOMPARE(child<QLabel>(panel, "statisticsHeader")->text(), QString("After step 42"));
        QCOMPARE(panel.step(), 42);
        QCOMPARE(table->rowCount(), 3);
        const auto text = [table](int row, int column) { return table->item(row, column)->text(); };
        QCOMPARE(text(0, LayerStatisticsPanel::LayerColumn), QString("layer 1 (dense)"));
        QCOMPARE(text(0, LayerStatisticsPanel::GradientColumn), QString("0.0123"));
        QCOMPARE(text(0, LayerStatisticsPanel::UpdateColumn), QString("0.5"));
        QCOMPARE(text(0, LayerStatisticsPanel::WeightColumn), QString("1"));
        QCOMPARE(text(0, LayerStatisticsPanel::RatioColumn), QString("0.5"));
        QCOMPARE(text(0, LayerStatisticsPanel::VerdictColumn), QString("large — learning rate may be too high"));
        QCOMPARE(text(1, LayerStatisticsPanel::RatioColumn), QString("1.00e-3"));
        QCOMPARE(text(1, LayerStatisticsPanel::VerdictColumn), QString("healthy (≈1e-3 is typical)"));
        QCOMPARE(text(2, LayerStatisticsPanel::RatioColumn), QString("1.00e-7"));
        QCOMPARE(text(2, LayerStatisticsPanel::VerdictColumn), QString("tiny — learning rate may be too low"));
        // Three verdicts, three colours.
        const QColor large = table->item(0, LayerStatisticsPanel::VerdictColumn)->foreground().color();
        const QColor healthy = table->item(1, LayerStatisticsPanel::VerdictColumn)->foreground().color();
        const QColor tiny = table->item(2, LayerStatisticsPanel::VerdictColumn)->foreground().color();
        QVERIFY(large != healthy && healthy != tiny && large != tiny);
        QVERIFY(large.red() > large.green());
        QVERIFY(healthy.green() > healthy.red());
        const QString summary = child<QLabel>(panel, "statisticsSummary")->text();
        QVERIFY(summary.contains("1 layer changed a lot"));
        QVERIFY(summary.contains("1 layer barely moved"));

        QCOMPARE(LayerStatisticsPanel::formatNumber(0.0), QString("0"));
        QCOMPARE(LayerStatisticsPanel::formatNumber(1.0712), QString("1.07"));
        QCOMPARE(LayerStatisticsPanel::formatNumber(27.94), QString("27.9"));
        QCOMPARE(LayerStatisticsPanel::formatNumber(0.00197), QString("1.97e-3"));
        QCOMPARE(LayerStatisticsPanel::formatNumber(123456.0), QString("1.23e5"));
        QCOMPARE(LayerStatisticsPanel::formatNumber(std::nan("")), QString("nan"));

        // A diverged step and a layer whose weights were zero say so instead of a ratio.
        panel.setStatistics({{"layer 1 (dense)", std::numeric_limits<double>::infinity(), 1.0, 1.0},
                             {"layer 2 (dense)", 1.0, 1e-3, 0.0}},
                            43);
        QCOMPARE(text(0, LayerStatisticsPanel::VerdictColumn), QString("not a number — the step diverged"));
        QCOMPARE(text(1, LayerStatisticsPanel::RatioColumn), QString("—"));

        panel.clear();
        QVERIFY(placeholder->isVisible());
        QVERIFY(!table->isVisible());
        QVERIFY(!panel.hasStatistics());
    }

    void runHistoryShowsRunsAndRenamesInPlace() {
        RunListModel runs;
        runs.setRecords(threeRuns());
        RunHistoryPanel panel;
        panel.setConfirmDeletes(false);
        panel.resize(360, 300);
        panel.setRuns(&runs);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* table = child<QTableView>(panel, "runTable");
        QCOMPARE(table->model()->rowCount(), 3);
        // Newest first.
        QCOMPARE(cell(table, 0, RunListModel::NameColumn), QString("Adam 1e-2"));
        QCOMPARE(cell(table, 2, RunListModel::NameColumn), QString("Adam 1e-3"));
        QCOMPARE(cell(table, 2, RunListModel::StatusColumn), QString("completed"));
        QCOMPARE(cell(table, 2, RunListModel::EpochsColumn), QString("10/10"));
        QCOMPARE(cell(table, 2, RunListModel::ResultColumn), QString("val 97.8%"));
        QCOMPARE(cell(table, 1, RunListModel::EpochsColumn), QString("3/10"));
        QCOMPARE(cell(table, 0, RunListModel::StatusColumn), QString("running"));
        QVERIFY(table->model()->index(0, RunListModel::StatusColumn).data(Qt::ForegroundRole) !=
                table->model()->index(2, RunListModel::StatusColumn).data(Qt::ForegroundRole));

        QSignalSpy current(&panel, &RunHistoryPanel::currentRunChanged);
        QSignalSpy renamed(&runs, &RunListModel::renamed);
        clickRow(table, "Adam 1e-3");
        QCOMPARE(current.count(), 1);
        QCOMPARE(current.last().at(0).toString(), QString("r1"));
        QCOMPARE(panel.currentRunId(), QString("r1"));

        QTest::keyClick(table, Qt::Key_F2);
        QLineEdit* editor = openEditor(table);
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, "Adam baseline");
        commit(editor);
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.last().at(0).toString(), QString("r1"));
        QCOMPARE(runs.find("r1")->name, std::string("Adam baseline"));
        QVERIFY(indexOf(table, "Adam baseline").isValid());

        // An empty name is refused and the old one comes back; so through the Rename button.
        QTest::mouseClick(child<QPushButton>(panel, "renameRunButton"), Qt::LeftButton);
        editor = openEditor(table);
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(editor, Qt::Key_Delete);
        commit(editor);
        QCOMPARE(renamed.count(), 1);
        QVERIFY(indexOf(table, "Adam baseline").isValid());

        // A new run appears on top; the selection stays with its run.
        runs.put(makeRun("r4", "new", RunRecord::Status::Running, 0, 5, ""));
        QCOMPARE(table->model()->rowCount(), 4);
        QCOMPARE(panel.currentRunId(), QString("r1"));
        QCOMPARE(table->currentIndex().row(), 3);
        QCOMPARE(cell(table, 0, RunListModel::ResultColumn), QString("—"));
        QCOMPARE(current.count(), 1);
    }

    void runHistoryOverlaysDeletesAndResumes() {
        RunListModel runs;
        runs.setRecords(threeRuns());
        RunHistoryPanel panel;
        panel.setConfirmDeletes(false);
        panel.resize(360, 300);
        panel.setRuns(&runs);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* table = child<QTableView>(panel, "runTable");
        auto* resume = child<QPushButton>(panel, "resumeRunButton");
        auto* remove = child<QPushButton>(panel, "deleteRunButton");
        auto* useSettings = child<QPushButton>(panel, "useRunSettingsButton");
        QSignalSpy overlay(&runs, &RunListModel::overlayChanged);
        QSignalSpy deleted(&panel, &RunHistoryPanel::deleteRequested);
        QSignalSpy resumed(&panel, &RunHistoryPanel::resumeRequested);
        QSignalSpy settings(&panel, &RunHistoryPanel::useSettingsRequested);

        // Nothing selected: nothing to act on.
        QVERIFY(!resume->isEnabled() && !remove->isEnabled() && !useSettings->isEnabled());

        clickCheckBox(table, indexOf(table, "SGD 0.1"));
        QCOMPARE(overlay.count(), 1);
        QCOMPARE(panel.overlaidRunIds(), QStringList{"r2"});
        clickCheckBox(table, indexOf(table, "Adam 1e-3"));
        QCOMPARE(overlay.count(), 2);
        QCOMPARE(panel.overlaidRunIds(), (QStringList{"r1", "r2"}));
        clickCheckBox(table, indexOf(table, "Adam 1e-3"));
        QCOMPARE(panel.overlaidRunIds(), QStringList{"r2"});
        QCOMPARE(indexOf(table, "SGD 0.1").data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QCOMPARE(overlay.count(), 3);

        // A completed run with a checkpoint resumes (to train more epochs).
        clickRow(table, "Adam 1e-3");
        QVERIFY(resume->isEnabled());
        QTest::mouseClick(resume, Qt::LeftButton);
        QCOMPARE(resumed.count(), 1);
        QCOMPARE(resumed.last().at(0).toString(), QString("r1"));
        QTest::mouseClick(useSettings, Qt::LeftButton);
        QCOMPARE(settings.count(), 1);
        QCOMPARE(settings.last().at(0).toString(), QString("r1"));
        // No checkpoint, or still running: nothing to resume.
        clickRow(table, "SGD 0.1");
        QVERIFY(!resume->isEnabled());
        QVERIFY(remove->isEnabled());
        clickRow(table, "Adam 1e-2");
        QVERIFY(!resume->isEnabled());

        // Locked while training: no delete, resume or use-settings; renaming stays.
        clickRow(table, "Adam 1e-3");
        panel.setLocked(true);
        QVERIFY(!resume->isEnabled());
        QVERIFY(!remove->isEnabled());
        QVERIFY(!useSettings->isEnabled());
        QVERIFY(child<QPushButton>(panel, "renameRunButton")->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(deleted.count(), 0);
        panel.setLocked(false);
        QVERIFY(resume->isEnabled());

        // Delete by button and by key; the owner removes the run.
        connect(&panel, &RunHistoryPanel::deleteRequested, &panel, [&](const QString& id) { runs.remove(id); });
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.last().at(0).toString(), QString("r1"));
        QCOMPARE(table->model()->rowCount(), 2);
        QVERIFY(panel.currentRunId().isEmpty());
        QVERIFY(!remove->isEnabled());

        clickRow(table, "SGD 0.1");
        const int overlaysBefore = overlay.count();
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(deleted.count(), 2);
        QCOMPARE(deleted.last().at(0).toString(), QString("r2"));
        // The overlaid run is gone, so is its overlay.
        QCOMPARE(overlay.count(), overlaysBefore + 1);
        QVERIFY(panel.overlaidRunIds().isEmpty());

        runs.setRecords({});
        QVERIFY(child<QLabel>(panel, "runHistoryPlaceholder")->isVisible());
    }
};

QTEST_MAIN(TrainPanelsTest)
#include "test_train_panels.moc"
