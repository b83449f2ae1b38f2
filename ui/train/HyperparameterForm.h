#pragma once
#include <QStringList>
#include <QWidget>

#include "train/TrainingConfig.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace nw::ui {

class ScientificSpinBox;

// The Train screen's hyperparameters: optimizer (only the settings of the chosen kind shown),
// learning rate and schedule, loss, batch size, epochs, validation split, seed and threads.
// Settings it does not edit (normalisation, augmentation) pass through from setConfig, and a
// value the user has not touched comes back exactly as it was set.
class HyperparameterForm : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterForm(QWidget* parent = nullptr);

    // Shows config without emitting configChanged.
    void setConfig(const nw::TrainingConfig& config);
    nw::TrainingConfig config() const;

    // Why the run cannot start (trainingSetupProblems), shown under the form; empty hides it.
    void setProblems(const QStringList& problems);
    QStringList problems() const { return problems_; }

    // No editing while a run trains.
    void setLocked(bool locked);
    bool isLocked() const { return locked_; }

signals:
    // Any edit by the user.
    void configChanged();

private:
    QWidget* buildOptimizerGroup();
    QWidget* buildLearningRateGroup();
    QWidget* buildLossGroup();
    QWidget* buildBatchGroup();
    QWidget* buildRunGroup();
    void updateVisibleFields();
    void edited();

    nw::TrainingConfig config_;  // as last set; the base config() edits
    bool updating_ = false;
    bool locked_ = false;
    QStringList problems_;

    QLabel* lockedNote_ = nullptr;
    QWidget* groups_ = nullptr;
    QFormLayout* optimizerForm_ = nullptr;
    QFormLayout* rateForm_ = nullptr;
    QComboBox* optimizerKind_ = nullptr;
    QDoubleSpinBox* momentum_ = nullptr;
    QCheckBox* nesterov_ = nullptr;
    QDoubleSpinBox* beta1_ = nullptr;
    QDoubleSpinBox* beta2_ = nullptr;
    QDoubleSpinBox* rho_ = nullptr;
    ScientificSpinBox* epsilon_ = nullptr;
    ScientificSpinBox* weightDecay_ = nullptr;
    ScientificSpinBox* learningRate_ = nullptr;
    QComboBox* scheduleKind_ = nullptr;
    QDoubleSpinBox* stepEpochs_ = nullptr;
    QDoubleSpinBox* gamma_ = nullptr;
    QDoubleSpinBox* cosineEpochs_ = nullptr;
    ScientificSpinBox* minRate_ = nullptr;
    QComboBox* loss_ = nullptr;
    QSpinBox* batchSize_ = nullptr;
    QCheckBox* wholeSet_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QDoubleSpinBox* validation_ = nullptr;
    QLineEdit* seed_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QLabel* problemsLabel_ = nullptr;
};

}  // namespace nw::ui
