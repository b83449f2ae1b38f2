#include "ExportPanel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include "DeployedModel.h"
#include "Formatting.h"
#include "export/OnnxExport.h"
#include "export/PyTorchExport.h"
#include "serve/ServeOptions.h"

namespace nw::ui {
namespace {

QString code(const QString& text) { return "<code>" + text.toHtmlEscaped() + "</code>"; }

QString fileSize(const QString& path) { return QLocale(QLocale::English).formattedDataSize(QFileInfo(path).size()); }

QString batchShape(const Shape& shape) {
    QStringList dims{"N"};
    for (const int d : shape) dims << QString::number(d);
    return "[" + dims.join(", ") + "]";
}

}  // namespace

ExportPanel::ExportPanel(QWidget* parent) : QWidget(parent) {
    onnxButton_ = new QPushButton(tr("Export ONNX…"), this);
    onnxButton_->setObjectName("exportOnnxButton");
    onnxButton_->setToolTip(tr("An ONNX model (opset 13) that takes raw inputs, normalisation included"));
    pytorchButton_ = new QPushButton(tr("Export PyTorch…"), this);
    pytorchButton_->setObjectName("exportPyTorchButton");
    pytorchButton_->setToolTip(tr("A PyTorch program with its weights: predict, evaluate, and train on (also with torchrun)"));
    result_ = new QLabel(this);
    result_->setObjectName("exportResult");
    result_->setWordWrap(true);
    result_->setTextFormat(Qt::RichText);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    result_->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(onnxButton_);
    buttons->addWidget(pytorchButton_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(result_);

    connect(onnxButton_, &QPushButton::clicked, this, &ExportPanel::exportOnnx);
    connect(pytorchButton_, &QPushButton::clicked, this, &ExportPanel::exportPyTorch);
    setModel(nullptr);
}

void ExportPanel::setModel(const DeployedModel* model) {
    model_ = model;
    onnxButton_->setEnabled(model_ != nullptr);
    pytorchButton_->setEnabled(model_ != nullptr);
    result_->hide();
}

QString ExportPanel::suggestedPath(const QString& suffix) const {
    const QString stem = model_ ? QString::fromStdString(servableModelName(model_->model->name())) : QStringLiteral("model");
    const QString folder = model_ && !model_->filePath.isEmpty() ? QFileInfo(model_->filePath).absolutePath() : QDir::homePath();
    return QDir(folder).filePath(stem + suffix);
}

void ExportPanel::exportOnnx() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export ONNX"), suggestedPath(".onnx"), tr("ONNX models (*.onnx);;All files (*)"));
    if (!path.isEmpty()) exportOnnxTo(path);
}

void ExportPanel::exportPyTorch() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export PyTorch"), suggestedPath(".py"), tr("Python programs (*.py);;All files (*)"));
    if (!path.isEmpty()) exportPyTorchTo(path);
}

bool ExportPanel::exportOnnxTo(const QString& path) {
    if (!model_) return false;
    try {
        nw::exportOnnx(*model_->model, model_->metadata, path.toStdString());
    } catch (const std::exception& e) {
        showResult(tr("Cannot export ONNX: %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()), true);
        return false;
    }
    const QString input = batchShape(model_->model->inputShape());
    showResult(tr("Wrote %1 (ONNX opset 13, %2).<br>Its input %3 takes raw values of shape %4 (the normalisation is "
                  "in the graph); %5 is what the model predicts. Run it with onnxruntime:<br>%6")
                   .arg(code(path), fileSize(path), code("input"), input, code("output"),
                        code(QStringLiteral("onnxruntime.InferenceSession(\"%1\").run(None, {\"input\": x})")
                                 .arg(QFileInfo(path).fileName()))),
               false);
    emit exported(tr("Exported ONNX to %1").arg(path));
    return true;
}

bool ExportPanel::exportPyTorchTo(const QString& scriptPath) {
    if (!model_) return false;
    PyTorchExportFiles files;
    try {
        files = nw::exportPyTorch(*model_->model, model_->metadata, scriptPath.toStdString());
    } catch (const std::exception& e) {
        showResult(tr("Cannot export PyTorch: %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()), true);
        return false;
    }
    const QString script = QString::fromStdString(files.script);
    const QString weights = QString::fromStdString(files.weights);
    const QString name = QFileInfo(script).fileName();
    showResult(tr("Wrote %1 (%2) and its weights %3 (%4).<br>Predict, evaluate or go on training with PyTorch: "
                  "%5, %6, or on several GPUs %7.")
                   .arg(code(script), fileSize(script), code(QFileInfo(weights).fileName()), fileSize(weights),
                        code("python3 " + name + " evaluate"), code("python3 " + name + " train --epochs 5"),
                        code("torchrun --nproc_per_node=4 " + name + " train")),
               false);
    emit exported(tr("Exported PyTorch to %1").arg(script));
    return true;
}

void ExportPanel::showResult(const QString& html, bool error) {
    result_->setText(html);
    result_->setStyleSheet(error ? errorTextStyle() : QString());
    result_->setProperty("error", error);
    result_->show();
}

}  // namespace nw::ui
