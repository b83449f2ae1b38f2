#pragma once
#include <QDateTime>
#include <QWidget>
#include <memory>

#include "CallExamples.h"
#include "serve/ServeOptions.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace nw {
class Model;
class ModelServer;
}

namespace nw::ui {

struct DeployedModel;
class Workspace;

// The local model server: name, host, REST and gRPC ports and bearer token; Start, Stop and
// Restart; the addresses it listens on and live request counters. It serves a copy of the
// model taken at Start, so a run that finishes later changes nothing until a restart.
class ServerPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kStatisticsRefreshMs = 250;

    explicit ServerPanel(Workspace& workspace, QWidget* parent = nullptr);
    ~ServerPanel() override;

    // False with the reason shown beneath the buttons (a busy port, say).
    bool start();
    // Stops serving and joins the server's threads; the ports are free when it returns.
    void stop();
    bool restart();
    bool isRunning() const;
    const ModelServer* server() const;

    // The options as the form holds them (the model's own name when the name is left empty).
    ServeOptions options() const;
    // Where clients reach the server: its real ports while it runs (port 0 picks one).
    CallTarget callTarget() const;
    // Why Start is disabled, or empty.
    QString startProblem() const;

    QLineEdit* nameEdit() const { return name_; }
    QLineEdit* hostEdit() const { return host_; }
    QSpinBox* restPortSpin() const { return restPort_; }
    QCheckBox* grpcCheck() const { return grpcEnabled_; }
    QSpinBox* grpcPortSpin() const { return grpcPort_; }
    QLineEdit* tokenEdit() const { return token_; }
    QPushButton* generateTokenButton() const { return generate_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* stopButton() const { return stop_; }
    QPushButton* restartButton() const { return restart_; }
    QLabel* problemLabel() const { return problem_; }
    QLabel* errorLabel() const { return error_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* counterLabel(const QString& name) const;
    // Reads the server's counters into the labels (the timer does this while it runs).
    void refreshStatistics();

signals:
    // The address, name, token or running state changed: the call examples follow.
    void endpointChanged();
    void runningChanged(bool running);
    void statusMessage(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildCounters();
    void generateToken();
    void updateState();
    void updateStatisticsTimer();
    QString defaultName() const;
    // Start is offered for the workspace's deployed model; a running server keeps what it
    // serves and offers a restart when that is another model.
    void onModelChanged();
    void onServerChanged(bool running);

    Workspace& workspace_;

    QLineEdit* name_ = nullptr;
    QLineEdit* host_ = nullptr;
    QSpinBox* restPort_ = nullptr;
    QCheckBox* grpcEnabled_ = nullptr;
    QSpinBox* grpcPort_ = nullptr;
    QLineEdit* token_ = nullptr;
    QPushButton* generate_ = nullptr;
    QLabel* problem_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* restart_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* staleNote_ = nullptr;
    QWidget* counters_ = nullptr;
    QTimer* statisticsTimer_ = nullptr;
};

}  // namespace nw::ui
