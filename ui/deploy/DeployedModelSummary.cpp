#include "DeployedModelSummary.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

#include "DeployedModel.h"
#include "Formatting.h"

namespace nw::ui {
namespace {

QString percent(double fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 2); }

QString outputText(const DeployedModel& m) {
    const QString shape = QString::fromStdString(shapeToString(m.model->outputShape()));
    const auto& classes = m.metadata.classNames;
    if (m.metadata.task == Task::Regression) return QObject::tr("%1 — regression").arg(shape);
    if (classes.empty()) return shape;
    const QString range = classes.size() <= 3 ? QString::fromStdString(classes.front() + ", " + classes.back())
                                              : QString::fromStdString(classes.front() + " … " + classes.back());
    return QObject::tr("%1 — %2 classes (%3), %4")
        .arg(shape, QString::number(classes.size()), range, QString::fromStdString(m.model->outputActivation().name()));
}

}  // namespace

DeployedModelSummary::DeployedModelSummary(QWidget* parent) : QWidget(parent) {
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setLabelAlignment(Qt::AlignRight);
    addField("name", tr("Name:"));
    addField("origin", tr("Source:"));
    addField("dataset", tr("Trained on:"));
    addField("input", tr("Input:"));
    addField("output", tr("Output:"));
    addField("parameters", tr("Parameters:"));
    addField("validation", tr("Validation accuracy:"));
    addField("test", tr("Test accuracy:"));
}

QLabel* DeployedModelSummary::addField(const QString& field, const QString& label) {
    auto* value = new QLabel(this);
    value->setObjectName("summary-" + field);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form_->addRow(label, value);
    return value;
}

QString DeployedModelSummary::valueOf(const QString& field) const {
    const auto* label = findChild<QLabel*>("summary-" + field);
    return label ? label->text() : QString();
}

void DeployedModelSummary::setModel(const DeployedModel& m, const QString& testNote) {
    const auto set = [this](const QString& field, const QString& text) { findChild<QLabel*>("summary-" + field)->setText(text); };
    const ModelMetadata& meta = m.metadata;
    set("name", QString::fromStdString(m.model->name()));
    set("origin", m.origin);
    QString dataset = QString::fromStdString(meta.dataset);
    if (!meta.history.empty())
        dataset += tr(" — %1 epochs, %2, batch %3")
                       .arg(meta.history.back().epoch)
                       .arg(QString::fromStdString(meta.training.optimizer.kind))
                       .arg(meta.training.batchSize);
    set("dataset", dataset);
    set("input", QString::fromStdString(shapeToString(m.model->inputShape())) + tr(" raw values (normalisation included)"));
    set("output", outputText(m));
    set("parameters", withThousands(static_cast<std::int64_t>(m.model->parameterCount())));
    const auto validation = m.validationAccuracy();
    set("validation", validation ? percent(*validation) : tr("— (the run had no validation split)"));
    set("test", m.testAccuracy ? percent(*m.testAccuracy) : testNote);
}

}  // namespace nw::ui
