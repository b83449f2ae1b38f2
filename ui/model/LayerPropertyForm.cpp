#include "LayerPropertyForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStringList>

#include "DesignerHelpers.h"

namespace nw::ui {

using namespace designer;

namespace {

// The form's texts have a translation context of their own.
struct LayerPropertyFormText {
    Q_DECLARE_TR_FUNCTIONS(LayerPropertyForm)
};

}  // namespace

void addLayerFields(QFormLayout* layout, QWidget* form, const nlohmann::json& entry, QObject* context,
                    const std::function<void(const std::string&, const nlohmann::json&)>& setField,
                    const std::function<void()>& dependentFieldChanged) {
    const auto tr = [](const char* text) { return LayerPropertyFormText::tr(text); };
    const std::string type = entry.value("type", std::string());
    auto intSpin = [&](const char* field, const QString& label, int lo, int hi, int fallback) {
        auto* spin = new QSpinBox(form);
        spin->setObjectName(QString("field_%1").arg(field));
        spin->setRange(lo, hi);
        spin->setValue(intField(entry, field, fallback));
        spin->setGroupSeparatorShown(true);
        const std::string f = field;
        QObject::connect(spin, &QSpinBox::valueChanged, context, [setField, f](int v) { setField(f, v); });
        layout->addRow(label, spin);
    };
    auto pairSpin = [&](const char* field, const QString& label, std::pair<int, int> fallback, int hi) {
        const auto value = pairOf(entry, field, fallback);
        auto* row = new QWidget(form);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* hs = new QSpinBox(row);
        auto* ws = new QSpinBox(row);
        hs->setObjectName(QString("field_%1_h").arg(field));
        ws->setObjectName(QString("field_%1_w").arg(field));
        for (auto* s : {hs, ws}) s->setRange(1, hi);
        hs->setValue(value.first);
        ws->setValue(value.second);
        hs->setToolTip(tr("height"));
        ws->setToolTip(tr("width"));
        h->addWidget(hs, 1);
        h->addWidget(new QLabel(QStringLiteral("×"), row));
        h->addWidget(ws, 1);
        const std::string f = field;
        auto write = [setField, f, hs, ws] { setField(f, nlohmann::json::array({hs->value(), ws->value()})); };
        QObject::connect(hs, &QSpinBox::valueChanged, context, write);
        QObject::connect(ws, &QSpinBox::valueChanged, context, write);
        layout->addRow(label, row);
    };
    auto combo = [&](const char* field, const QString& label, const QStringList& choices, const char* fallback, bool rebuild) {
        auto* box = new QComboBox(form);
        box->setObjectName(QString("field_%1").arg(field));
        box->addItems(choices);
        const QString current = textField(entry, field, fallback);
        if (box->findText(current) < 0) box->addItem(current);
        box->setCurrentText(current);
        const std::string f = field;
        QObject::connect(box, &QComboBox::currentTextChanged, context, [setField, dependentFieldChanged, f, rebuild](const QString& v) {
            setField(f, v.toStdString());
            if (rebuild) dependentFieldChanged();  // fields depend on this one (alpha)
        });
        layout->addRow(label, box);
    };
    auto doubleSpin = [&](const char* field, const QString& label, double lo, double hi, double step, int decimals, double fallback) {
        auto* spin = new QDoubleSpinBox(form);
        spin->setObjectName(QString("field_%1").arg(field));
        spin->setDecimals(decimals);
        spin->setRange(lo, hi);
        spin->setSingleStep(step);
        spin->setValue(numberField(entry, field, fallback));
        const std::string f = field;
        QObject::connect(spin, &QDoubleSpinBox::valueChanged, context, [setField, f](double v) { setField(f, v); });
        layout->addRow(label, spin);
    };
    auto check = [&](const char* field, const QString& label, bool fallback) {
        auto* box = new QCheckBox(form);
        box->setObjectName(QString("field_%1").arg(field));
        box->setChecked(entry.contains(field) && entry[field].is_boolean() ? entry[field].get<bool>() : fallback);
        const std::string f = field;
        QObject::connect(box, &QCheckBox::toggled, context, [setField, f](bool v) { setField(f, v); });
        layout->addRow(label, box);
    };
    const QStringList activations{"linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"};
    const QStringList initializers{"glorot_uniform", "glorot_normal", "he_uniform", "he_normal"};
    const QStringList paddings{"valid", "same"};
    const bool leaky = textField(entry, "activation", "linear") == "leaky_relu";

    if (type == "dense") {
        intSpin("units", tr("Units"), 1, 65536, 64);
        combo("activation", tr("Activation"), activations, "linear", true);
        if (leaky) doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
        check("use_bias", tr("Use bias"), true);
        combo("initializer", tr("Initializer"), initializers, "glorot_uniform", false);
    } else if (type == "conv2d") {
        intSpin("filters", tr("Filters"), 1, 4096, 16);
        pairSpin("kernel_size", tr("Kernel"), {3, 3}, 256);
        pairSpin("strides", tr("Strides"), {1, 1}, 256);
        combo("padding", tr("Padding"), paddings, "valid", false);
        combo("activation", tr("Activation"), activations, "linear", true);
        if (leaky) doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
        check("use_bias", tr("Use bias"), true);
        combo("initializer", tr("Initializer"), initializers, "glorot_uniform", false);
    } else if (type == "maxpool2d" || type == "avgpool2d") {
        const auto pool = pairOf(entry, "pool_size", {2, 2});
        pairSpin("pool_size", tr("Pool size"), {2, 2}, 256);
        pairSpin("strides", tr("Strides"), pool, 256);
        combo("padding", tr("Padding"), paddings, "valid", false);
    } else if (type == "dropout") {
        doubleSpin("rate", tr("Rate"), 0, 0.95, 0.05, 2, 0.5);
    } else if (type == "batchnorm") {
        doubleSpin("momentum", tr("Momentum"), 0, 0.9999, 0.01, 4, 0.99);
        doubleSpin("epsilon", tr("Epsilon"), 0.000001, 1, 0.0001, 6, 0.001);
    } else if (type == "leaky_relu") {
        doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
    } else {
        auto* none = new QLabel(tr("No settings."), form);
        none->setForegroundRole(QPalette::PlaceholderText);
        layout->addRow(none);
    }
}

}  // namespace nw::ui
