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
#include "Formatting.h"
#include "ServerPanel.h"
#include "Workspace.h"
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

DeployScreen::DeployScreen(Workspace& workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    stack_ = new QStackedWidget(this);
    stack_->addWidget(buildEmptyState());
    stack_->addWidget(buildContent());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(stack_);

    connect(&workspace_, &Workspace::deployedModelChanged, this, &DeployScreen::onModelChanged);
    connect(&workspace_, &Workspace::trainedModelChanged, this, &DeployScreen::updateUseTrainedButton);
    connect(&workspace_, &Workspace::datasetChanged, this, &DeployScreen::onDatasetChanged);
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
    serverPanel_ = new ServerPanel(workspace_, this);
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

void DeployScreen::onDatasetChanged() {
    if (!model()) return;
    refreshExampleInput();
    refreshExamples();
    if (!model()->testAccuracy) measureTestAccuracy();
}

const DeployedModel* DeployScreen::model() const { return workspace_.deployedModel(); }

bool DeployScreen::useTrainedModel() {
    if (!workspace_.deployTrainedModel()) {
        showMessage(workspace_.lastError(), true);
        return false;
    }
    message_->hide();
    return true;
}

bool DeployScreen::openModelFile(const QString& path) {
    if (!workspace_.openModelFile(path)) {
        showMessage(workspace_.lastError(), true);
        return false;
    }
    message_->hide();
    emit statusMessage(tr("Opened %1").arg(path));
    return true;
}

bool DeployScreen::saveModelFile(const QString& path) {
    if (!model()) return false;
    if (!workspace_.saveDeployedModel(path)) {
        showMessage(workspace_.lastError(), true);
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
    const DeployedModel* deployed = model();
    if (!deployed) return;
    const QString suggested = deployed->isTrainedHere() ? QString::fromStdString(deployed->model->name()) + ".nwm" : deployed->filePath;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save model file"), suggested, tr(kModelFilter));
    if (!path.isEmpty()) saveModelFile(path);
}

bool DeployScreen::showsEmptyState() const { return stack_->currentIndex() == 0; }

void DeployScreen::onModelChanged() {
    const DeployedModel* deployed = model();
    exportPanel_->setModel(deployed);
    if (!deployed) return;
    // A new accuracy of the same model only changes the summary.
    if (deployed == shownModel_ && shownWeights_.lock() == deployed->model) {
        refreshSummary();
        return;
    }
    shownModel_ = deployed;
    shownWeights_ = deployed->model;
    stack_->setCurrentIndex(1);
    refreshExampleInput();
    refreshExamples();
    measureTestAccuracy();
    updateUseTrainedButton();
}

void DeployScreen::measureTestAccuracy() {
    const int measurement = ++measurement_;
    const std::shared_ptr<const Dataset> data = workspace_.dataset();
    const ModelMetadata& meta = model()->metadata;
    const bool measurable = data && data->hasTest() && meta.task == Task::Classification && data->name == meta.dataset &&
                            data->sampleShape == model()->model->inputShape();
    if (!measurable) {
        testNote_ = meta.task == Task::Classification
                        ? tr("— (load %1 with its test split to measure it)").arg(QString::fromStdString(meta.dataset))
                        : tr("—");
        refreshSummary();
        return;
    }
    testNote_ = tr("measuring on %1 test samples…").arg(withThousands(data->test.size()));
    refreshSummary();
    // A copy of its own: the measurement runs on a pool thread while the screen exports and
    // serves the deployed one.
    std::shared_ptr<Model> copy = copyModel(*model()->model);
    measurePool_.start([this, measurement, copy, data, normalization = meta.normalization, lossName = meta.training.loss] {
        std::optional<double> accuracy;
        QString failure;
        try {
            accuracy = evaluateModel(*copy, data->test, normalization, Task::Classification, *makeLoss(lossName)).accuracy;
        } catch (const std::exception& e) {
            failure = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(this, [this, measurement, accuracy, failure] {
            if (measurement != measurement_ || !model()) return;
            if (!accuracy) testNote_ = tr("— (%1)").arg(failure);
            workspace_.setDeployedTestAccuracy(accuracy);
        }, Qt::QueuedConnection);
    });
}

void DeployScreen::refreshSummary() {
    if (model()) summary_->setModel(*model(), testNote_);
}

void DeployScreen::refreshExampleInput() {
    exampleInput_ = writeExampleInput(workspace_.dataset().get(), model()->model->inputShape(), exampleFolder());
}

void DeployScreen::refreshExamples() {
    if (!model()) return;
    CallTarget target = serverPanel_->callTarget();
    target.inputShape = model()->model->inputShape();
    target.input = exampleInput_;
    examples_->setExamples(nw::ui::callExamples(target));
}

void DeployScreen::updateUseTrainedButton() {
    const auto trained = workspace_.trainedModel();
    useTrained_->setVisible(trained && model() && model()->trainedSource.lock() != trained);
}

void DeployScreen::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? messageStyle(MessageKind::Error) : messageStyle(MessageKind::Success));
    message_->setProperty("error", error);
    message_->show();
    if (error) emit statusMessage(QString(text).remove(QRegularExpression("<[^>]*>")));
}

}  // namespace nw::ui
