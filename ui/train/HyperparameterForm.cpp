#include "HyperparameterForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "Formatting.h"
#include "ScientificSpinBox.h"

namespace nw::ui {

namespace {

constexpr int kAddedRole = Qt::UserRole + 1;  // an item added for a value the combo did not know
constexpr const char* kShownProperty = "shownValue";

// The name makeLoss files each loss under, so an alias ("categorical_crossentropy") selects
// the same entry.
QString canonicalLoss(const QString& name) {
    if (name == "mse" || name == "mean_squared_error") return "mse";
    if (name == "cross_entropy" || name == "sparse_categorical_crossentropy" || name == "categorical_crossentropy")
        return "cross_entropy";
    if (name == "binary_cross_entropy" || name == "binary_crossentropy") return "binary_cross_entropy";
    return name;
}

void addChoice(QComboBox* box, const QString& label, const QString& value, const QString& tip) {
    box->addItem(label, value);
    box->setItemData(box->count() - 1, tip, Qt::ToolTipRole);
}

// Selects the item whose data is value; a value the combo does not offer gets an item of its
// own, so it survives a round trip and the setup check can name it.
void selectValue(QComboBox* box, const QString& value) {
    for (int i = box->count() - 1; i >= 0; --i)
        if (box->itemData(i, kAddedRole).toBool()) box->removeItem(i);
    int index = box->findData(value);
    if (index < 0) {
        box->addItem(value, value);
        index = box->count() - 1;
        box->setItemData(index, true, kAddedRole);
    }
    box->setCurrentIndex(index);
}

void showValue(QDoubleSpinBox* spin, double value) {
    spin->setValue(value);
    spin->setProperty(kShownProperty, spin->value());
}

bool untouched(const QDoubleSpinBox* spin) { return spin->value() == spin->property(kShownProperty).toDouble(); }

// The value as set if the user left the box alone (the box rounds to its decimals), else the
// box's.
double pick(const QDoubleSpinBox* spin, double original) { return untouched(spin) ? original : spin->value(); }
float pick(const QDoubleSpinBox* spin, float original) {
    return untouched(spin) ? original : static_cast<float>(spin->value());
}

QFormLayout* formIn(QGroupBox* group) {
    auto* form = new QFormLayout(group);
    form->setContentsMargins(8, 6, 8, 8);
    form->setHorizontalSpacing(10);
    form->setVerticalSpacing(6);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    return form;
}

ScientificSpinBox* plainSpin(QWidget* parent, const char* name, double min, double max, double step) {
    auto* spin = new ScientificSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(min, max);
    spin->setLinearStep(step);
    return spin;
}

// "1 epoch", "2.5 epochs".
ScientificSpinBox* epochSpin(QWidget* parent, const char* name) {
    auto* spin = plainSpin(parent, name, 0.01, 1e6, 1.0);
    const auto suffix = [spin](double v) { spin->setSuffix(v == 1.0 ? HyperparameterForm::tr(" epoch") : HyperparameterForm::tr(" epochs")); };
    suffix(spin->value());
    QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin, suffix);
    return spin;
}

}  // namespace

HyperparameterForm::HyperparameterForm(QWidget* parent) : QWidget(parent) {
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(8);

    lockedNote_ = new QLabel(tr("Training: the settings are locked until the run stops."), this);
    lockedNote_->setObjectName("lockedNote");
    lockedNote_->setWordWrap(true);
    lockedNote_->setForegroundRole(QPalette::PlaceholderText);
    lockedNote_->hide();
    root->addWidget(lockedNote_);

    groups_ = new QWidget(this);
    groups_->setObjectName("hyperparameterGroups");
    auto* column = new QVBoxLayout(groups_);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(8);
    column->addWidget(buildOptimizerGroup());
    column->addWidget(buildLearningRateGroup());
    column->addWidget(buildLossGroup());
    column->addWidget(buildBatchGroup());
    column->addWidget(buildRunGroup());
    root->addWidget(groups_);

    problemsLabel_ = new QLabel(this);
    problemsLabel_->setObjectName("setupProblems");
    problemsLabel_->setWordWrap(true);
    problemsLabel_->setTextFormat(Qt::PlainText);
    problemsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problemsLabel_->setStyleSheet(messageStyle(MessageKind::Error));
    problemsLabel_->hide();
    root->addWidget(problemsLabel_);
    root->addStretch(1);

    // One label column width for every group, so the fields line up down the panel.
    int labelWidth = 0;
    const auto forms = groups_->findChildren<QFormLayout*>();
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                labelWidth = std::max(labelWidth, item->widget()->sizeHint().width());
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                item->widget()->setMinimumWidth(labelWidth);

    setConfig(TrainingConfig{});
}

QWidget* HyperparameterForm::buildOptimizerGroup() {
    auto* group = new QGroupBox(tr("Optimizer"), this);
    optimizerForm_ = formIn(group);

    optimizerKind_ = new QComboBox(group);
    optimizerKind_->setObjectName("optimizerKind");
    addChoice(optimizerKind_, tr("SGD"), "sgd",
              tr("Stochastic gradient descent: step straight down the gradient, optionally with momentum."));
    addChoice(optimizerKind_, tr("Adam"), "adam",
              tr("Adapts a step size per weight from running averages of the gradient and its square. "
                 "A robust default."));
    addChoice(optimizerKind_, tr("RMSprop"), "rmsprop",
              tr("Adapts a step size per weight from a running average of the squared gradient."));
    optimizerKind_->setToolTip(tr("How each weight's gradient is turned into a change of that weight."));

    momentum_ = plainSpin(group, "momentum", 0.0, 0.999, 0.05);
    momentum_->setToolTip(tr("Keeps this fraction of the previous update, so steps build up speed in directions "
                             "the gradient agrees on and zig-zags cancel out. 0 is plain gradient descent; "
                             "0.9 is common."));
    nesterov_ = new QCheckBox(tr("Nesterov"), group);
    nesterov_->setObjectName("nesterov");
    nesterov_->setToolTip(tr("Nesterov momentum: take the gradient where momentum is about to carry the "
                             "weights. Often converges a little faster."));
    beta1_ = plainSpin(group, "beta1", 0.0, 0.9999, 0.01);
    beta1_->setToolTip(tr("Decay of Adam's running average of the gradient (its momentum). Usually 0.9."));
    beta2_ = plainSpin(group, "beta2", 0.0, 0.99999, 0.001);
    beta2_->setToolTip(tr("Decay of Adam's running average of the squared gradient, which sets each weight's "
                          "step size. Usually 0.999."));
    rho_ = plainSpin(group, "rho", 0.0, 0.9999, 0.01);
    rho_->setToolTip(tr("Decay of RMSprop's running average of the squared gradient. Usually 0.9."));
    epsilon_ = new ScientificSpinBox(group);
    epsilon_->setObjectName("epsilon");
    epsilon_->setRange(1e-12, 1.0);
    epsilon_->setLadderStart(1e-12);
    epsilon_->setToolTip(tr("Added to the denominator so a step stays finite when a weight's gradients are "
                            "tiny. Rarely needs changing."));
    weightDecay_ = new ScientificSpinBox(group);
    weightDecay_->setObjectName("weightDecay");
    weightDecay_->setRange(0.0, 1.0);
    weightDecay_->setLadderStart(1e-6);
    weightDecay_->setSpecialValueText(tr("off"));
    weightDecay_->setToolTip(tr("L2 regularisation: pulls every weight a little towards zero on each step, "
                                "which discourages over-fitting. 1e-4 to 5e-4 is typical; 0 turns it off."));

    optimizerForm_->addRow(tr("Type"), optimizerKind_);
    optimizerForm_->addRow(tr("Momentum"), momentum_);
    optimizerForm_->addRow(QString(), nesterov_);
    optimizerForm_->addRow(tr("Beta 1"), beta1_);
    optimizerForm_->addRow(tr("Beta 2"), beta2_);
    optimizerForm_->addRow(tr("Rho"), rho_);
    optimizerForm_->addRow(tr("Epsilon"), epsilon_);
    optimizerForm_->addRow(tr("Weight decay"), weightDecay_);

    connect(optimizerKind_, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibleFields();
        edited();
    });
    for (QDoubleSpinBox* spin : {momentum_, beta1_, beta2_, rho_, static_cast<QDoubleSpinBox*>(epsilon_),
                                 static_cast<QDoubleSpinBox*>(weightDecay_)})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::edited);
    connect(nesterov_, &QCheckBox::toggled, this, &HyperparameterForm::edited);
    return group;
}

QWidget* HyperparameterForm::buildLearningRateGroup() {
    auto* group = new QGroupBox(tr("Learning rate"), this);
    rateForm_ = formIn(group);

    learningRate_ = new ScientificSpinBox(group);
    learningRate_->setObjectName("learningRate");
    learningRate_->setRange(1e-8, 10.0);
    learningRate_->setLadderStart(1e-8);
    learningRate_->setToolTip(tr("How far each step moves the weights. Too high: the loss jumps around or "
                                 "diverges. Too low: it barely moves. Adam: start near 1e-3; SGD: 1e-2 to 1e-1.\n"
                                 "Type 1e-4 or 0.0001; the arrows step 1, 2, 5, 10, …"));
    scheduleKind_ = new QComboBox(group);
    scheduleKind_->setObjectName("scheduleKind");
    addChoice(scheduleKind_, tr("Constant"), "constant", tr("The same learning rate throughout."));
    addChoice(scheduleKind_, tr("Step decay"), "step", tr("Multiply the learning rate by a factor every few epochs."));
    addChoice(scheduleKind_, tr("Cosine"), "cosine",
              tr("Glide from the learning rate down to a minimum along half a cosine wave."));
    scheduleKind_->setToolTip(tr("How the learning rate changes as training goes on. Large steps early, "
                                 "small steps late often reach a lower loss."));
    stepEpochs_ = epochSpin(group, "stepEpochs");
    stepEpochs_->setToolTip(tr("Multiply the learning rate by the factor after every this many epochs "
                               "(fractions of an epoch allowed)."));
    gamma_ = plainSpin(group, "gamma", 0.0001, 1.0, 0.05);
    gamma_->setPrefix(QStringLiteral("× "));
    gamma_->setToolTip(tr("What the learning rate is multiplied by at each step of the schedule: "
                          "0.1 divides it by ten, 0.5 halves it."));
    cosineEpochs_ = epochSpin(group, "cosineEpochs");
    cosineEpochs_->setToolTip(tr("The learning rate reaches its minimum after this many epochs and stays there; "
                                 "usually the number of epochs."));
    minRate_ = new ScientificSpinBox(group);
    minRate_->setObjectName("minRate");
    minRate_->setRange(0.0, 10.0);
    minRate_->setLadderStart(1e-8);
    minRate_->setToolTip(tr("The learning rate at the end of the cosine."));

    rateForm_->addRow(tr("Rate"), learningRate_);
    rateForm_->addRow(tr("Schedule"), scheduleKind_);
    rateForm_->addRow(tr("Every"), stepEpochs_);
    rateForm_->addRow(tr("Factor"), gamma_);
    rateForm_->addRow(tr("Over"), cosineEpochs_);
    rateForm_->addRow(tr("Down to"), minRate_);

    connect(scheduleKind_, &QComboBox::currentIndexChanged, this, [this] {
        // A cosine spanning one epoch of a longer run would sit at its minimum after it.
        if (!updating_ && scheduleKind_->currentData().toString() == "cosine") cosineEpochs_->setValue(epochs_->value());
        updateVisibleFields();
        edited();
    });
    for (QDoubleSpinBox* spin : {static_cast<QDoubleSpinBox*>(learningRate_), stepEpochs_, gamma_, cosineEpochs_,
                                 static_cast<QDoubleSpinBox*>(minRate_)})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::edited);
    return group;
}

QWidget* HyperparameterForm::buildLossGroup() {
    auto* group = new QGroupBox(tr("Loss"), this);
    auto* form = formIn(group);
    loss_ = new QComboBox(group);
    loss_->setObjectName("lossCombo");
    addChoice(loss_, tr("Cross-entropy"), "cross_entropy",
              tr("Classes: a softmax output with one unit per class; labels as class numbers or one-hot."));
    addChoice(loss_, tr("Binary cross-entropy"), "binary_cross_entropy",
              tr("Two classes: one sigmoid output unit giving the probability of class 1."));
    addChoice(loss_, tr("Mean squared error"), "mse", tr("Regression: the output predicts numbers."));
    loss_->setToolTip(tr("What training minimises: how far the model's outputs are from the targets."));
    form->addRow(tr("Function"), loss_);
    connect(loss_, &QComboBox::currentIndexChanged, this, &HyperparameterForm::edited);
    return group;
}

QWidget* HyperparameterForm::buildBatchGroup() {
    auto* group = new QGroupBox(tr("Batches"), this);
    auto* form = formIn(group);

    auto* batchRow = new QWidget(group);
    auto* row = new QHBoxLayout(batchRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    batchSize_ = new QSpinBox(batchRow);
    batchSize_->setObjectName("batchSize");
    batchSize_->setRange(1, 1 << 24);
    batchSize_->setGroupSeparatorShown(true);
    batchSize_->setToolTip(tr("Samples per optimizer step. Small batches: noisy but frequent updates. "
                              "Large batches: smooth but fewer updates per epoch."));
    wholeSet_ = new QCheckBox(tr("Whole set"), batchRow);
    wholeSet_->setObjectName("wholeSet");
    wholeSet_->setToolTip(tr("Every step sees the whole training set: full-batch gradient descent, one step "
                             "per epoch."));
    row->addWidget(batchSize_, 1);
    row->addWidget(wholeSet_);

    epochs_ = new QSpinBox(group);
    epochs_->setObjectName("epochs");
    epochs_->setRange(1, 1000000);
    epochs_->setToolTip(tr("Passes over the training set."));
    validation_ = new QDoubleSpinBox(group);
    validation_->setObjectName("validationSplit");
    validation_->setRange(0.0, 90.0);
    validation_->setDecimals(1);
    validation_->setSingleStep(5.0);
    validation_->setSuffix(tr(" %"));
    validation_->setSpecialValueText(tr("none"));
    validation_->setToolTip(tr("Part of the training data held out and never trained on. Its loss and accuracy "
                               "show how the model does on data it has not seen: when validation gets worse "
                               "while training gets better, the model is over-fitting."));

    form->addRow(tr("Batch size"), batchRow);
    form->addRow(tr("Epochs"), epochs_);
    form->addRow(tr("Validation"), validation_);

    connect(batchSize_, &QSpinBox::valueChanged, this, &HyperparameterForm::edited);
    connect(wholeSet_, &QCheckBox::toggled, this, [this](bool whole) {
        batchSize_->setEnabled(!whole);
        edited();
    });
    connect(epochs_, &QSpinBox::valueChanged, this, &HyperparameterForm::edited);
    connect(validation_, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::edited);
    return group;
}

QWidget* HyperparameterForm::buildRunGroup() {
    auto* group = new QGroupBox(tr("Run"), this);
    auto* form = formIn(group);

    auto* seedRow = new QWidget(group);
    auto* row = new QHBoxLayout(seedRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    seed_ = new QLineEdit(seedRow);
    seed_->setObjectName("seed");
    seed_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,20}")), seed_));
    seed_->setToolTip(tr("Starts the random numbers: initial weights, shuffling, dropout. The same seed with "
                         "the same settings and data trains the same run again."));
    auto* newSeed = new QToolButton(seedRow);
    newSeed->setObjectName("newSeed");
    newSeed->setText(tr("New"));
    newSeed->setToolTip(tr("Pick a random seed"));
    row->addWidget(seed_, 1);
    row->addWidget(newSeed);

    threads_ = new QSpinBox(group);
    threads_->setObjectName("threads");
    threads_->setRange(0, 1024);
    threads_->setSpecialValueText(tr("Automatic"));
    threads_->setToolTip(tr("CPU threads that compute each batch. Automatic: every core but one (%1 of %2 here), so "
                            "the window stays smooth while it trains.")
                             .arg(std::max(1, QThread::idealThreadCount() - 1))
                             .arg(QThread::idealThreadCount()));

    form->addRow(tr("Seed"), seedRow);
    form->addRow(tr("Threads"), threads_);

    connect(seed_, &QLineEdit::textEdited, this, &HyperparameterForm::edited);
    connect(seed_, &QLineEdit::editingFinished, this, [this] {
        // An empty or overflowing entry falls back to the seed config() reports.
        seed_->setText(QString::number(config().seed));
    });
    connect(newSeed, &QToolButton::clicked, this, [this] {
        seed_->setText(QString::number(QRandomGenerator::global()->bounded(1u, 1000000000u)));
        edited();
    });
    connect(threads_, &QSpinBox::valueChanged, this, &HyperparameterForm::edited);
    return group;
}

void HyperparameterForm::setConfig(const TrainingConfig& config) {
    const bool wasUpdating = updating_;
    updating_ = true;
    config_ = config;
    const OptimizerSettings& o = config.optimizer;
    selectValue(optimizerKind_, QString::fromStdString(o.kind));
    showValue(momentum_, ScientificSpinBox::fromFloat(o.momentum));
    nesterov_->setChecked(o.nesterov);
    showValue(beta1_, ScientificSpinBox::fromFloat(o.beta1));
    showValue(beta2_, ScientificSpinBox::fromFloat(o.beta2));
    showValue(rho_, ScientificSpinBox::fromFloat(o.rho));
    showValue(epsilon_, ScientificSpinBox::fromFloat(o.epsilon));
    showValue(weightDecay_, ScientificSpinBox::fromFloat(o.weightDecay));

    const LearningRateSchedule& s = config.schedule;
    showValue(learningRate_, s.baseRate);
    selectValue(scheduleKind_, QString::fromStdString(s.kind));
    showValue(stepEpochs_, s.stepEpochs);
    showValue(gamma_, s.gamma);
    showValue(cosineEpochs_, s.totalEpochs);
    showValue(minRate_, s.minRate);

    const QString loss = QString::fromStdString(config.loss);
    selectValue(loss_, canonicalLoss(loss));

    wholeSet_->setChecked(config.batchSize == 0);
    batchSize_->setEnabled(config.batchSize != 0);
    if (config.batchSize > 0) batchSize_->setValue(config.batchSize);
    epochs_->setValue(config.epochs);
    showValue(validation_, config.validationSplit * 100.0);
    seed_->setText(QString::number(config.seed));
    threads_->setValue(config.threads);

    updateVisibleFields();
    updating_ = wasUpdating;
}

TrainingConfig HyperparameterForm::config() const {
    TrainingConfig c = config_;
    OptimizerSettings& o = c.optimizer;
    o.kind = optimizerKind_->currentData().toString().toStdString();
    o.momentum = pick(momentum_, config_.optimizer.momentum);
    o.nesterov = nesterov_->isChecked();
    o.beta1 = pick(beta1_, config_.optimizer.beta1);
    o.beta2 = pick(beta2_, config_.optimizer.beta2);
    o.rho = pick(rho_, config_.optimizer.rho);
    o.epsilon = pick(epsilon_, config_.optimizer.epsilon);
    o.weightDecay = pick(weightDecay_, config_.optimizer.weightDecay);

    LearningRateSchedule& s = c.schedule;
    s.kind = scheduleKind_->currentData().toString().toStdString();
    s.baseRate = pick(learningRate_, config_.schedule.baseRate);
    s.stepEpochs = pick(stepEpochs_, config_.schedule.stepEpochs);
    s.gamma = pick(gamma_, config_.schedule.gamma);
    s.totalEpochs = pick(cosineEpochs_, config_.schedule.totalEpochs);
    s.minRate = pick(minRate_, config_.schedule.minRate);

    const QString loss = loss_->currentData().toString();
    // An alias as set ("sparse_categorical_crossentropy") stays as it was while its entry is chosen.
    c.loss = loss == canonicalLoss(QString::fromStdString(config_.loss)) ? config_.loss : loss.toStdString();

    c.batchSize = wholeSet_->isChecked() ? 0 : batchSize_->value();
    c.epochs = epochs_->value();
    c.validationSplit = untouched(validation_) ? config_.validationSplit : validation_->value() / 100.0;
    bool ok = false;
    const qulonglong seed = seed_->text().toULongLong(&ok);
    if (ok) c.seed = seed;
    c.threads = threads_->value();
    return c;
}

void HyperparameterForm::setProblems(const QStringList& problems) {
    problems_ = problems;
    if (problems.isEmpty()) {
        problemsLabel_->clear();
        problemsLabel_->hide();
        return;
    }
    QString text = problems.size() == 1 ? tr("Cannot start: %1").arg(problems.front()) : tr("Cannot start:");
    if (problems.size() > 1)
        for (const QString& p : problems) text += QStringLiteral("\n• ") + p;
    problemsLabel_->setText(text);
    problemsLabel_->show();
}

void HyperparameterForm::setLocked(bool locked) {
    locked_ = locked;
    groups_->setEnabled(!locked);
    lockedNote_->setVisible(locked);
}

void HyperparameterForm::updateVisibleFields() {
    const QString kind = optimizerKind_->currentData().toString();
    optimizerForm_->setRowVisible(momentum_, kind == "sgd");
    optimizerForm_->setRowVisible(nesterov_, kind == "sgd");
    optimizerForm_->setRowVisible(beta1_, kind == "adam");
    optimizerForm_->setRowVisible(beta2_, kind == "adam");
    optimizerForm_->setRowVisible(rho_, kind == "rmsprop");
    optimizerForm_->setRowVisible(epsilon_, kind == "adam" || kind == "rmsprop");

    const QString schedule = scheduleKind_->currentData().toString();
    rateForm_->setRowVisible(stepEpochs_, schedule == "step");
    rateForm_->setRowVisible(gamma_, schedule == "step");
    rateForm_->setRowVisible(cosineEpochs_, schedule == "cosine");
    rateForm_->setRowVisible(minRate_, schedule == "cosine");
}

void HyperparameterForm::edited() {
    if (!updating_) emit configChanged();
}

}  // namespace nw::ui
