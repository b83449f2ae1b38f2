#pragma once
#include <QThreadPool>
#include <QWidget>
#include <memory>

#include "ExampleInput.h"

class QLabel;
class QPushButton;
class QStackedWidget;

namespace nw {
class Model;
}

namespace nw::ui {

class CallExamplesPanel;
class DeployedModelSummary;
class ExportPanel;
class ServerPanel;
class Workspace;
struct DeployedModel;

// The Deploy screen: the model to hand on (the one trained in this window, or a model file
// opened here) with a summary; saving it, exporting it as ONNX or PyTorch code, serving it
// on this machine over REST and gRPC, and commands that call that server as displayed.
// Without a model it says how to get one.
class DeployScreen : public QWidget {
    Q_OBJECT
public:
    explicit DeployScreen(Workspace& workspace, QWidget* parent = nullptr);
    ~DeployScreen() override;

    // Deploys a copy of the latest trained model; false (and why, on screen) when there is
    // none yet.
    bool useTrainedModel();
    // The file actions without their dialogs (tests, scripts): false with the reason shown,
    // the current model kept.
    bool openModelFile(const QString& path);
    bool saveModelFile(const QString& path);
    // The workspace's deployed model, or nullptr.
    const DeployedModel* model() const;
    const ExampleInput& exampleInput() const { return exampleInput_; }
    bool showsEmptyState() const;
    DeployedModelSummary* summary() const { return summary_; }
    ExportPanel* exportPanel() const { return exportPanel_; }
    ServerPanel* serverPanel() const { return serverPanel_; }
    CallExamplesPanel* callExamples() const { return examples_; }
    QLabel* messageLabel() const { return message_; }

public slots:
    void openModelFileWithDialog();
    void saveModelFileWithDialog();

signals:
    void statusMessage(const QString& message);
    // "Go to the Train screen" in the empty state.
    void trainScreenRequested();

private:
    QWidget* buildEmptyState();
    QWidget* buildContent();
    void onModelChanged();
    // The loaded data's test split measures the model and gives the call examples a real sample.
    void onDatasetChanged();
    void measureTestAccuracy();
    void refreshSummary();
    void refreshExampleInput();
    void refreshExamples();
    void updateUseTrainedButton();
    void showMessage(const QString& text, bool error);

    Workspace& workspace_;
    const DeployedModel* shownModel_ = nullptr;  // what the panels were last set up for
    std::weak_ptr<const Model> shownWeights_;
    ExampleInput exampleInput_;
    QString testNote_;
    int measurement_ = 0;  // results of older measurements are dropped
    QThreadPool measurePool_;

    QStackedWidget* stack_ = nullptr;
    QLabel* message_ = nullptr;
    QPushButton* useTrained_ = nullptr;
    DeployedModelSummary* summary_ = nullptr;
    ExportPanel* exportPanel_ = nullptr;
    ServerPanel* serverPanel_ = nullptr;
    CallExamplesPanel* examples_ = nullptr;
};

}  // namespace nw::ui
