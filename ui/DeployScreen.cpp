#include "DeployScreen.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "CallExamplesPanel.h"
#include "DeployedModel.h"
#include "DeployedModelSummary.h"
#include "ExportPanel.h"
#include "ServerPanel.h"
#include "TrainScreen.h"
#include "nn/Loss.h"
#include "train/Evaluation.h"

namespace nw::ui {
namespace {

const char* kModelFilter = QT_TRANSLATE_NOOP("nw::ui::DeployScreen", "Netwright models (*.nwm);;All files (*)");

QScrollArea* scrolling(QWidget* content, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QGroupBox* group(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

// Where the call examples' input image goes: the user's own data folder, so the commands
// keep working after the window closes.
QString exampleFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath("deploy");
}

}  // namespace

DeployScreen::DeployScreen(TrainScreen* train, QWidget* parent) : QWidget(parent), train_(train) {
    stack_ = new QStackedWidget(this);
    stack_->addWidget(buildEmptyState());
    stack_->addWidget(buildContent());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(stack_);

    // The trained model is copied when a run ends (rename and delete also say runsChanged;
    // then the model is the same and nothing is copied).
    connect(train_, &TrainScreen::runsChanged, this, &DeployScreen::followTraining);
    connect(serverPanel_, &ServerPanel::endpointChanged, this, &DeployScreen::refreshExamples);
    connect(serverPanel_, &ServerPanel::statusMessage, this, &DeployScreen::statusMessage);
    connect(exportPanel_, &ExportPanel::exported, this, &DeployScreen::statusMessage);
    connect(examples_, &CallExamplesPanel::copied, this,
            [this](const QString& title) { emit statusMessage(tr("Copied “%1” to the clipboard").arg(title)); });
}

// A measurement still running posts its result to this screen; it must end first.
DeployScreen::~DeployScreen() { measurePool_.waitForDone(); }

QWidget* DeployScreen::buildEmptyState() {
    auto* page = new QWidget(this);
    page->setObjectName("deployEmptyState");
    auto* title = new QLabel(tr("No model to deploy yet"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);
    auto* text = new QLabel(tr("<p>Train a model on the Train screen (F5): the network of the last finished run shows up here, "
                               "ready to save, export to ONNX or PyTorch, and serve over REST and gRPC.</p>"
                               "<p>Or open a model file saved earlier<br>(File → Save Trained Model…, or "
                               "<code>netwright-cli train --save</code>).</p>"),
                            page);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setAlignment(Qt::AlignCenter);
    // A centred wrapped label gets only its size hint: give it the height its width needs.
    text->setFixedWidth(560);
    text->setMinimumHeight(text->heightForWidth(560));
    auto* goTrain = new QPushButton(tr("Go to the Train Screen"), page);
    goTrain->setObjectName("goToTrain");
    auto* open = new QPushButton(tr("Open Model File…"), page);
    open->setObjectName("openModelFileEmpty");
    connect(goTrain, &QPushButton::clicked, this, &DeployScreen::trainScreenRequested);
    connect(open, &QPushButton::clicked, this, &DeployScreen::openModelFileWithDialog);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(goTrain);
    buttons->addWidget(open);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    layout->addSpacing(8);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch(2);
    return page;
}

QWidget* DeployScreen::buildContent() {
    useTrained_ = new QPushButton(tr("Use Trained Model"), this);
    useTrained_->setObjectName("useTrainedModel");
    useTrained_->setToolTip(tr("Deploy the network of the last run finished on the Train screen"));
    auto* open = new QPushButton(tr("Open Model File…"), this);
    open->setObjectName("openModelFile");
    auto* save = new QPushButton(tr("Save Model File…"), this);
    save->setObjectName("saveModelFile");
    connect(useTrained_, &QPushButton::clicked, this, &DeployScreen::useTrainedModel);
    connect(open, &QPushButton::clicked, this, &DeployScreen::openModelFileWithDialog);
    connect(save, &QPushButton::clicked, this, &DeployScreen::saveModelFileWithDialog);

    message_ = new QLabel(this);
    message_->setObjectName("deployMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();
    summary_ = new DeployedModelSummary(this);

    auto* modelBox = new QWidget(this);
    auto* fileButtons = new QHBoxLayout;
    fileButtons->addWidget(useTrained_);
    fileButtons->addWidget(open);
    fileButtons->addWidget(save);
    fileButtons->addStretch(1);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->setContentsMargins(0, 0, 0, 0);
    modelLayout->setSpacing(8);
    modelLayout->addWidget(summary_);
    modelLayout->addLayout(fileButtons);
    modelLayout->addWidget(message_);

    exportPanel_ = new ExportPanel(this);
    serverPanel_ = new ServerPanel(this);
    examples_ = new CallExamplesPanel(this);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 4, 0);
    leftLayout->addWidget(group(tr("Model"), modelBox, left));
    leftLayout->addWidget(group(tr("Export"), exportPanel_, left));
    leftLayout->addWidget(group(tr("Serve on this machine"), serverPanel_, left));
    leftLayout->addStretch(1);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(4, 0, 0, 0);
    rightLayout->addWidget(group(tr("Call it"), examples_, right));
    rightLayout->addStretch(1);

    // The settings keep a readable width; the commands get the rest, since they are long.
    auto* content = new QWidget(this);
    QScrollArea* leftScroll = scrolling(left, content);
    leftScroll->setMinimumWidth(460);
    leftScroll->setMaximumWidth(580);
    auto* columns = new QHBoxLayout(content);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(8);
    columns->addWidget(leftScroll, 2);
    columns->addWidget(scrolling(right, content), 3);
    return content;
}

void DeployScreen::setDataset(std::shared_ptr<const Dataset> data) {
    data_ = std::move(data);
    if (!model_) return;
    refreshExampleInput();
    refreshExamples();
    if (!model_->testAccuracy) measureTestAccuracy();
}

void DeployScreen::followTraining() {
    const auto trained = train_->trainedModel();
    // A model file the user opened stays until they choose the trained one.
    const bool followsTraining = !model_ || model_->isTrainedHere();
    const bool newer = trained && (!model_ || model_->trainedSource.lock() != trained);
    if (followsTraining && newer) useTrainedModel();
    else updateUseTrainedButton();
}

bool DeployScreen::useTrainedModel() {
    const auto trained = train_->trainedModel();
    const auto metadata = train_->trainedMetadata();
    if (!trained || !metadata) {
        showMessage(tr("No trained model yet: train one on the Train screen (F5), or open a model file."), true);
        return false;
    }
    const RunRecord* run = train_->trainedRun();
    const QString origin = run ? tr("%1, trained in this window").arg(QString::fromStdString(run->name)) : tr("trained in this window");
    setModel(std::make_unique<DeployedModel>(copyTrainedModel(trained, *metadata, origin)));
    message_->hide();
    return true;
}

bool DeployScreen::openModelFile(const QString& path) {
    try {
        setModel(std::make_unique<DeployedModel>(openDeployedModel(path)));
    } catch (const std::exception& e) {
        showMessage(tr("Cannot open the model file: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    message_->hide();
    emit statusMessage(tr("Opened %1").arg(path));
    return true;
}

bool DeployScreen::saveModelFile(const QString& path) {
    if (!model_) return false;
    try {
        saveModel(path.toStdString(), *model_->model, model_->metadata);
    } catch (const std::exception& e) {
        showMessage(tr("Cannot save the model: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    showMessage(tr("Saved %1. <code>netwright-cli predict</code>, <code>serve</code> and <code>export</code> read it, "
                   "and so does Open Model File….")
                    .arg("<code>" + path.toHtmlEscaped() + "</code>"),
                false);
    emit statusMessage(tr("Saved the model to %1").arg(path));
    return true;
}

void DeployScreen::openModelFileWithDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model file"), {}, tr(kModelFilter));
    if (!path.isEmpty()) openModelFile(path);
}

void DeployScreen::saveModelFileWithDialog() {
    if (!model_) return;
    const QString suggested = model_->isTrainedHere() ? QString::fromStdString(model_->model->name()) + ".nwm" : model_->filePath;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save model file"), suggested, tr(kModelFilter));
    if (!path.isEmpty()) saveModelFile(path);
}

void DeployScreen::stopServer() { serverPanel_->stop(); }

bool DeployScreen::showsEmptyState() const { return stack_->currentIndex() == 0; }

void DeployScreen::setModel(std::unique_ptr<DeployedModel> model) {
    model_ = std::move(model);
    exportPanel_->setModel(model_.get());
    serverPanel_->setModel(model_.get());
    stack_->setCurrentIndex(1);
    refreshExampleInput();
    refreshExamples();
    measureTestAccuracy();
    updateUseTrainedButton();
}

void DeployScreen::measureTestAccuracy() {
    const int measurement = ++measurement_;
    const ModelMetadata& meta = model_->metadata;
    const bool measurable = data_ && data_->hasTest() && meta.task == Task::Classification &&
                            data_->name == meta.dataset && data_->sampleShape == model_->model->inputShape();
    if (!measurable) {
        testNote_ = meta.task == Task::Classification
                        ? tr("— (load %1 with its test split to measure it)").arg(QString::fromStdString(meta.dataset))
                        : tr("—");
        refreshSummary();
        return;
    }
    testNote_ = tr("measuring on %1 test samples…").arg(QLocale(QLocale::English).toString(static_cast<qulonglong>(data_->test.size())));
    refreshSummary();
    // A copy of its own: the measurement runs on a pool thread while the screen exports and
    // serves the deployed one.
    std::shared_ptr<Model> copy = copyModel(*model_->model);
    measurePool_.start([this, measurement, copy, data = data_, normalization = meta.normalization, lossName = meta.training.loss] {
        std::optional<double> accuracy;
        QString failure;
        try {
            accuracy = evaluateModel(*copy, data->test, normalization, Task::Classification, *makeLoss(lossName)).accuracy;
        } catch (const std::exception& e) {
            failure = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(this, [this, measurement, accuracy, failure] {
            if (measurement != measurement_ || !model_) return;
            model_->testAccuracy = accuracy;
            if (!accuracy) testNote_ = tr("— (%1)").arg(failure);
            refreshSummary();
        }, Qt::QueuedConnection);
    });
}

void DeployScreen::refreshSummary() {
    if (model_) summary_->setModel(*model_, testNote_);
}

void DeployScreen::refreshExampleInput() {
    exampleInput_ = writeExampleInput(data_.get(), model_->model->inputShape(), exampleFolder());
}

void DeployScreen::refreshExamples() {
    if (!model_) return;
    CallTarget target = serverPanel_->callTarget();
    target.inputShape = model_->model->inputShape();
    target.input = exampleInput_;
    examples_->setExamples(nw::ui::callExamples(target));
}

void DeployScreen::updateUseTrainedButton() {
    const auto trained = train_->trainedModel();
    useTrained_->setVisible(trained && model_ && model_->trainedSource.lock() != trained);
}

void DeployScreen::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? "QLabel { color: #b3261e; background: #fdecea; border: 1px solid #f3b7b1; border-radius: 4px; padding: 6px; }"
                                  : "QLabel { color: #1e4620; background: #edf7ed; border: 1px solid #b7dfb9; border-radius: 4px; padding: 6px; }");
    message_->setProperty("error", error);
    message_->show();
    if (error) emit statusMessage(QString(text).remove(QRegularExpression("<[^>]*>")));
}

}  // namespace nw::ui
