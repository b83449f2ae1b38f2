#include "DatasetTable.h"

#include <QCoreApplication>
#include <QStandardItemModel>
#include <QStringList>
#include <algorithm>
#include <vector>

#include "data/TabularSchema.h"

namespace nw::ui {

namespace {

constexpr int kTableRows = 200;

// The texts of these free functions have a translation context of their own.
struct DatasetTableText {
    Q_DECLARE_TR_FUNCTIONS(DatasetTable)
};

QString tr(const char* text) { return DatasetTableText::tr(text); }

}  // namespace

void fillSampleTable(QStandardItemModel* model, const Dataset& data, const SampleSet& samples) {
    const int features = data.sampleShape.empty() ? 0 : data.sampleShape[0];
    QStringList headers, tips;
    if (!data.tabularSchema.is_null()) {
        try {
            const TabularSchema schema = TabularSchema::fromJson(data.tabularSchema);
            for (const TabularSchema::Column& column : schema.features) {
                const QString name = QString::fromStdString(column.name);
                if (column.categorical) {
                    for (const std::string& category : column.categories) {
                        headers << name + "=" + QString::fromStdString(category);
                        tips << tr("Column “%1”, text: one-hot feature for “%2” (%3 categories)")
                                    .arg(name, QString::fromStdString(category))
                                    .arg(column.categories.size());
                    }
                } else {
                    headers << name;
                    tips << tr("Column “%1”, numeric").arg(name);
                }
            }
        } catch (const std::exception&) {
            headers.clear();
            tips.clear();
        }
    }
    if (headers.size() != features) {
        headers.clear();
        tips.clear();
        for (int f = 0; f < features; ++f) {
            headers << QStringLiteral("x%1").arg(f + 1);
            tips << tr("Feature %1").arg(f + 1);
        }
    }
    QString targetName = tr("target");
    if (data.tabularSchema.is_object() && data.tabularSchema.contains("target"))
        targetName = QString::fromStdString(data.tabularSchema["target"].get<std::string>());
    headers << targetName;
    tips << (data.task == Task::Classification
                 ? tr("Target “%1”: %2 classes").arg(targetName).arg(data.classCount())
                 : tr("Target “%1”: regression value").arg(targetName));

    model->setColumnCount(static_cast<int>(headers.size()));
    model->setHorizontalHeaderLabels(headers);
    for (int c = 0; c < headers.size(); ++c) model->setHeaderData(c, Qt::Horizontal, tips[c], Qt::ToolTipRole);
    const int rows = static_cast<int>(std::min<std::size_t>(samples.size(), kTableRows));
    model->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const std::vector<float> raw = samples.rawSample(static_cast<std::size_t>(r));
        for (int f = 0; f < features && f < static_cast<int>(raw.size()); ++f)
            model->setItem(r, f, new QStandardItem(QString::number(raw[static_cast<std::size_t>(f)], 'g', 6)));
        const float target = samples.target(static_cast<std::size_t>(r));
        const int label = static_cast<int>(target);
        QString text = QString::number(target, 'g', 6);
        if (data.task == Task::Classification && label >= 0 && label < data.classCount())
            text = QString::fromStdString(data.classNames[static_cast<std::size_t>(label)]);
        model->setItem(r, features, new QStandardItem(text));
    }
}

}  // namespace nw::ui
