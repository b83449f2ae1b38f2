#pragma once
#include <QWidget>

class QFormLayout;
class QLabel;

namespace nw::ui {

struct DeployedModel;

// What the deployed model is, at a glance: name, where it came from, the data it learned
// from, its input and output, parameters, and its validation and test accuracy when known.
class DeployedModelSummary : public QWidget {
    Q_OBJECT
public:
    explicit DeployedModelSummary(QWidget* parent = nullptr);

    // testNote stands where the test accuracy goes while it is unknown ("measuring…").
    void setModel(const DeployedModel& model, const QString& testNote);
    QString valueOf(const QString& field) const;  // "name", "dataset", "input", ... (tests)

private:
    QLabel* addField(const QString& field, const QString& label);

    QFormLayout* form_ = nullptr;
};

}  // namespace nw::ui
