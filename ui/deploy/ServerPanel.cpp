#include "ServerPanel.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <iterator>

#include "Formatting.h"
#include "Workspace.h"
#include "common/Error.h"
#include "serve/ModelServer.h"

namespace nw::ui {
namespace {

constexpr int kTokenLength = 32;  // 62 symbols: about 190 bits

const char* const kCounters[][2] = {{"restRequests", QT_TRANSLATE_NOOP("nw::ui::ServerPanel", "REST requests")},
                                    {"grpcRequests", QT_TRANSLATE_NOOP("nw::ui::ServerPanel", "gRPC requests")},
                                    {"failedRequests", QT_TRANSLATE_NOOP("nw::ui::ServerPanel", "failed")},
                                    {"samplesPredicted", QT_TRANSLATE_NOOP("nw::ui::ServerPanel", "samples predicted")}};


QString urlHost(const QString& host) { return host.contains(':') ? '[' + host + ']' : host; }

QSpinBox* portSpin(int value, QWidget* parent) {
    auto* spin = new QSpinBox(parent);
    spin->setRange(0, 65535);
    spin->setValue(value);
    spin->setSpecialValueText(QObject::tr("any free port"));
    spin->setMinimumWidth(120);
    return spin;
}

}  // namespace

ServerPanel::ServerPanel(Workspace& workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    const ServeOptions defaults;
    name_ = new QLineEdit(this);
    name_->setObjectName("serverName");
    name_->setToolTip(tr("The model's name in URLs and RPCs: letters, digits, '.', '_' and '-'"));
    host_ = new QLineEdit(QString::fromStdString(defaults.host), this);
    host_->setObjectName("serverHost");
    host_->setToolTip(tr("127.0.0.1 serves this machine only; 0.0.0.0 every network interface (needs a token)"));
    restPort_ = portSpin(defaults.restPort, this);
    restPort_->setObjectName("restPort");
    grpcEnabled_ = new QCheckBox(tr("on port"), this);
    grpcEnabled_->setObjectName("grpcEnabled");
    grpcEnabled_->setChecked(true);
    grpcPort_ = portSpin(defaults.grpcPort, this);
    grpcPort_->setObjectName("grpcPort");
    token_ = new QLineEdit(this);
    token_->setObjectName("serverToken");
    token_->setPlaceholderText(tr("none: anyone who reaches the port may call it"));
    generate_ = new QPushButton(tr("Generate"), this);
    generate_->setObjectName("generateToken");
    generate_->setToolTip(tr("A random token of %1 letters and digits").arg(kTokenLength));
    problem_ = new QLabel(this);
    problem_->setObjectName("serverProblem");
    problem_->setWordWrap(true);
    problem_->hide();

    auto* restRow = new QHBoxLayout;
    restRow->addWidget(restPort_);
    restRow->addStretch(1);
    auto* grpcRow = new QHBoxLayout;
    grpcRow->addWidget(grpcEnabled_);
    grpcRow->addWidget(grpcPort_);
    grpcRow->addStretch(1);
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(token_, 1);
    tokenRow->addWidget(generate_);
    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Model name:"), name_);
    form->addRow(tr("Host:"), host_);
    form->addRow(tr("REST port:"), restRow);
    form->addRow(tr("gRPC:"), grpcRow);
    form->addRow(tr("Token:"), tokenRow);
    form->addRow(problem_);

    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("startServer");
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setObjectName("stopServer");
    restart_ = new QPushButton(tr("Restart with latest weights"), this);
    restart_->setObjectName("restartServer");
    restart_->setToolTip(tr("Stop, then serve the model this screen shows now"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    buttons->addWidget(restart_);
    buttons->addStretch(1);

    error_ = new QLabel(this);
    error_->setObjectName("serverError");
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(messageStyle(MessageKind::Error));
    error_->hide();
    status_ = new QLabel(this);
    status_->setObjectName("serverStatus");
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::RichText);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    staleNote_ = new QLabel(this);
    staleNote_->setObjectName("serverWeightsNote");
    staleNote_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(error_);
    layout->addWidget(status_);
    layout->addWidget(staleNote_);
    layout->addWidget(buildCounters());

    statisticsTimer_ = new QTimer(this);
    statisticsTimer_->setInterval(kStatisticsRefreshMs);
    connect(statisticsTimer_, &QTimer::timeout, this, &ServerPanel::refreshStatistics);
    connect(start_, &QPushButton::clicked, this, &ServerPanel::start);
    connect(stop_, &QPushButton::clicked, this, &ServerPanel::stop);
    connect(restart_, &QPushButton::clicked, this, &ServerPanel::restart);
    connect(generate_, &QPushButton::clicked, this, &ServerPanel::generateToken);
    connect(&workspace_, &Workspace::deployedModelChanged, this, &ServerPanel::onModelChanged);
    connect(&workspace_, &Workspace::serverChanged, this, &ServerPanel::onServerChanged);
    const auto edited = [this] {
        error_->hide();
        updateState();
        emit endpointChanged();
    };
    for (QLineEdit* edit : {name_, host_, token_}) connect(edit, &QLineEdit::textChanged, this, edited);
    for (QSpinBox* spin : {restPort_, grpcPort_}) connect(spin, &QSpinBox::valueChanged, this, edited);
    connect(grpcEnabled_, &QCheckBox::toggled, this, edited);
    updateState();
}

// The server belongs to the workspace and outlives the panel.
ServerPanel::~ServerPanel() = default;

QWidget* ServerPanel::buildCounters() {
    counters_ = new QWidget(this);
    auto* grid = new QGridLayout(counters_);
    grid->setContentsMargins(0, 4, 0, 0);
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(0);
    for (int i = 0; i < static_cast<int>(std::size(kCounters)); ++i) {
        auto* value = new QLabel("0", counters_);
        value->setObjectName(kCounters[i][0]);
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        auto* caption = new QLabel(tr(kCounters[i][1]), counters_);
        caption->setStyleSheet("color: #5f6368;");
        grid->addWidget(value, 0, i);
        grid->addWidget(caption, 1, i);
    }
    grid->setColumnStretch(static_cast<int>(std::size(kCounters)), 1);
    return counters_;
}

QLabel* ServerPanel::counterLabel(const QString& name) const { return counters_->findChild<QLabel*>(name); }

void ServerPanel::onModelChanged() {
    name_->setPlaceholderText(defaultName());
    updateState();
    emit endpointChanged();
}

QString ServerPanel::defaultName() const {
    const DeployedModel* model = workspace_.deployedModel();
    return model ? QString::fromStdString(servableModelName(model->model->name())) : QStringLiteral("model");
}

ServeOptions ServerPanel::options() const {
    ServeOptions o;
    const QString name = name_->text().trimmed();
    o.name = servableModelName((name.isEmpty() ? defaultName() : name).toStdString());
    o.host = host_->text().trimmed().toStdString();
    o.restPort = restPort_->value();
    o.grpcPort = grpcEnabled_->isChecked() ? grpcPort_->value() : -1;
    o.token = token_->text().trimmed().toStdString();
    return o;
}

QString ServerPanel::startProblem() const {
    if (!workspace_.deployedModel()) return tr("Train a model or open a model file to serve it.");
    const ServeOptions o = options();
    if (o.host.empty()) return tr("Enter a host: 127.0.0.1 serves this machine only.");
    if (!isLoopbackHost(o.host) && o.token.empty())
        return tr("%1 can be reached from other machines: set a token (Generate makes one) to serve on it.")
            .arg(QString::fromStdString(o.host));
    try {
        checkServeOptions(o);
    } catch (const Error& e) {
        return QString::fromStdString(e.what()).remove(QStringLiteral("serve: "));
    }
    return {};
}

CallTarget ServerPanel::callTarget() const {
    const ModelServer* server = workspace_.server();
    const ServeOptions o = server ? server->options() : options();
    CallTarget t;
    t.host = QString::fromStdString(o.host);
    t.restPort = server ? server->restPort() : o.restPort;
    t.grpcPort = server ? server->grpcPort() : o.grpcPort;
    t.modelName = QString::fromStdString(o.name);
    t.token = QString::fromStdString(o.token);
    return t;
}

bool ServerPanel::start() {
    if (workspace_.isServing()) return true;
    const QString problem = startProblem();
    if (!problem.isEmpty()) {
        error_->setText(problem);
        error_->show();
        return false;
    }
    const ServeOptions o = options();
    if (!workspace_.startServer(o)) {
        error_->setText(tr("Cannot start the server: %1").arg(workspace_.lastError()));
        error_->show();
        emit statusMessage(error_->text());
        return false;
    }
    error_->hide();
    emit statusMessage(tr("Serving %1 on %2:%3")
                           .arg(QString::fromStdString(o.name), QString::fromStdString(o.host),
                                QString::number(workspace_.server()->restPort())));
    return true;
}

void ServerPanel::stop() {
    if (!workspace_.isServing()) return;
    workspace_.stopServer();
    emit statusMessage(tr("The model server stopped"));
}

void ServerPanel::onServerChanged(bool running) {
    if (running) refreshStatistics();
    updateState();
    emit runningChanged(running);
    emit endpointChanged();
}

bool ServerPanel::isRunning() const { return workspace_.isServing(); }

const ModelServer* ServerPanel::server() const { return workspace_.server(); }

bool ServerPanel::restart() {
    stop();
    return start();
}

void ServerPanel::generateToken() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString token;
    for (int i = 0; i < kTokenLength; ++i) token += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(62)]);
    token_->setText(token);
}

void ServerPanel::refreshStatistics() {
    const ModelServer* server = workspace_.server();
    if (!server) return;
    const ServeStats& s = server->stats();
    counterLabel("restRequests")->setText(withThousands(s.restRequests));
    counterLabel("grpcRequests")->setText(withThousands(s.grpcRequests));
    counterLabel("failedRequests")->setText(withThousands(s.failedRequests));
    counterLabel("samplesPredicted")->setText(withThousands(s.samplesPredicted));
}

void ServerPanel::updateState() {
    const ModelServer* server = workspace_.server();
    const DeployedModel* model = workspace_.deployedModel();
    const bool running = server != nullptr;
    for (QWidget* w : std::initializer_list<QWidget*>{name_, host_, restPort_, grpcEnabled_, token_, generate_}) w->setEnabled(!running);
    grpcPort_->setEnabled(!running && grpcEnabled_->isChecked());

    const QString problem = running ? QString() : startProblem();
    const ServeOptions o = options();
    if (!problem.isEmpty() && model) {
        problem_->setText(problem);
        problem_->setStyleSheet(errorTextStyle());
        problem_->show();
    } else if (!running && !o.host.empty() && !isLoopbackHost(o.host)) {
        problem_->setText(tr("Other machines can reach %1; they must send the token.").arg(QString::fromStdString(o.host)));
        problem_->setStyleSheet("color: #5f6368;");
        problem_->show();
    } else {
        problem_->hide();
    }
    start_->setEnabled(!running && problem.isEmpty());
    stop_->setEnabled(running);

    const bool stale = running && model && !workspace_.servesDeployedModel();
    restart_->setVisible(stale);
    counters_->setVisible(running);
    if (running) {
        const ServeOptions& served = server->options();
        const QString host = urlHost(QString::fromStdString(served.host));
        const QString name = QString::fromStdString(served.name).toHtmlEscaped();
        QString text = tr("<b>Serving %1</b> since %2 (%3)<br>REST: http://%4:%5 — TensorFlow Serving and KServe v2")
                           .arg(name, workspace_.servingSince().toString("HH:mm:ss"), workspace_.servedOrigin().toHtmlEscaped(),
                                host.toHtmlEscaped(), QString::number(server->restPort()));
        if (server->grpcPort() >= 0)
            text += tr("<br>gRPC: %1:%2 — KServe GRPCInferenceService").arg(host.toHtmlEscaped(), QString::number(server->grpcPort()));
        status_->setText(text);
        staleNote_->setText(stale ? tr("The screen now shows %1; the server still answers with the weights it started with until you restart it.")
                                        .arg(model->origin)
                                  : tr("The server keeps the weights it started with: a training run that ends later changes it only when you restart it."));
        staleNote_->setStyleSheet(stale ? "color: #8a5a00;" : "color: #5f6368;");
        staleNote_->show();
    } else {
        status_->setText(tr("Not serving. Start makes the model answer REST and gRPC requests at the address above."));
        staleNote_->hide();
    }
    updateStatisticsTimer();
}

void ServerPanel::updateStatisticsTimer() {
    if (workspace_.isServing() && isVisible()) statisticsTimer_->start();
    else statisticsTimer_->stop();
}

void ServerPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshStatistics();
    updateStatisticsTimer();
}

void ServerPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    updateStatisticsTimer();
}

}  // namespace nw::ui
