#pragma once
#include <QWidget>

class QLabel;
class QPushButton;

namespace nw::ui {

struct DeployedModel;

// Export ONNX… and Export PyTorch…: a file dialog, the export, then what was written and
// how to use it, or why it failed, beneath the buttons.
class ExportPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExportPanel(QWidget* parent = nullptr);

    // Not owned; nullptr disables the exports.
    void setModel(const DeployedModel* model);
    // The exports without their dialogs (tests, scripts); false with the reason shown.
    bool exportOnnxTo(const QString& path);
    bool exportPyTorchTo(const QString& scriptPath);

    QPushButton* onnxButton() const { return onnxButton_; }
    QPushButton* pytorchButton() const { return pytorchButton_; }
    QLabel* resultLabel() const { return result_; }

public slots:
    void exportOnnx();
    void exportPyTorch();

signals:
    // A one-line summary for the status bar.
    void exported(const QString& message);

private:
    QString suggestedPath(const QString& suffix) const;
    void showResult(const QString& html, bool error);

    const DeployedModel* model_ = nullptr;
    QPushButton* onnxButton_ = nullptr;
    QPushButton* pytorchButton_ = nullptr;
    QLabel* result_ = nullptr;
};

}  // namespace nw::ui
