#include "DatasetCharts.h"

#include <QCoreApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLocale>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <vector>

#include "Formatting.h"


namespace nw::ui {

namespace {

constexpr int kScatterPoints = 4000;

// The texts of these free functions have a translation context of their own.
struct DatasetChartsText {
    Q_DECLARE_TR_FUNCTIONS(DatasetCharts)
};

QString tr(const char* text) { return DatasetChartsText::tr(text); }

}  // namespace

void replaceChart(QChartView* view, QChart* chart) {
    QChart* old = view->chart();
    view->setChart(chart);
    delete old;
}

QChart* emptyChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    return chart;
}

QChart* histogramChart(const Dataset* data) {
    QChart* chart = emptyChart(data && data->task == Task::Regression ? tr("Training targets (20 bins)")
                                                                         : tr("Training samples per class"));
    if (data && !data->train.empty()) {
        const SampleSet& train = data->train;
        auto* set = new QBarSet(tr("samples"));
        QStringList categories;
        double maxCount = 0;
        if (data->task == Task::Classification) {
            std::vector<std::size_t> counts(static_cast<std::size_t>(data->classCount()), 0);
            for (std::size_t i = 0; i < train.size(); ++i) {
                const int label = static_cast<int>(train.target(i));
                if (label >= 0 && label < data->classCount()) ++counts[static_cast<std::size_t>(label)];
            }
            for (int c = 0; c < data->classCount(); ++c) {
                categories << QString::fromStdString(data->classNames[static_cast<std::size_t>(c)]);
                *set << static_cast<double>(counts[static_cast<std::size_t>(c)]);
                maxCount = std::max(maxCount, static_cast<double>(counts[static_cast<std::size_t>(c)]));
            }
        } else {
            constexpr int bins = 20;
            float low = train.target(0), high = train.target(0);
            for (std::size_t i = 0; i < train.size(); ++i) {
                low = std::min(low, train.target(i));
                high = std::max(high, train.target(i));
            }
            const float width = high > low ? (high - low) / bins : 1.0f;
            std::vector<std::size_t> counts(bins, 0);
            for (std::size_t i = 0; i < train.size(); ++i)
                ++counts[static_cast<std::size_t>(std::clamp(static_cast<int>((train.target(i) - low) / width), 0, bins - 1))];
            for (int b = 0; b < bins; ++b) {
                categories << QString::number(low + (b + 0.5) * width, 'g', 3);
                *set << static_cast<double>(counts[static_cast<std::size_t>(b)]);
                maxCount = std::max(maxCount, static_cast<double>(counts[static_cast<std::size_t>(b)]));
            }
        }
        auto* series = new QBarSeries;
        series->append(set);
        series->setBarWidth(0.8);
        chart->addSeries(series);
        auto* axisX = new QBarCategoryAxis;
        axisX->append(categories);
        if (categories.size() > 12) axisX->setLabelsAngle(-90);
        chart->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisX);
        auto* axisY = new QValueAxis;
        axisY->setRange(0, maxCount * 1.05 + 1);
        axisY->setLabelFormat("%d");
        axisY->applyNiceNumbers();
        chart->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisY);
    }
    return chart;
}

QChart* scatterChart(const Dataset* data, const SampleSet* samples) {
    QChart* chart = emptyChart(QString());
    if (data && samples && !samples->empty()) {
        const bool twoD = data->sampleShape[0] == 2;
        const bool classes = data->task == Task::Classification;
        const std::size_t n = samples->size();
        const std::size_t stride = std::max<std::size_t>(1, (n + kScatterPoints - 1) / kScatterPoints);
        std::vector<QScatterSeries*> series;
        const int seriesCount = classes ? std::max(1, data->classCount()) : 1;
        for (int s = 0; s < seriesCount; ++s) {
            auto* one = new QScatterSeries;
            one->setName(classes && s < data->classCount() ? QString::fromStdString(data->classNames[static_cast<std::size_t>(s)])
                                                             : tr("samples"));
            one->setMarkerSize(7);
            one->setBorderColor(Qt::transparent);
            series.push_back(one);
        }
        double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300;
        for (std::size_t i = 0; i < n; i += stride) {
            const std::vector<float> raw = samples->rawSample(i);
            const double x = raw[0];
            const double y = twoD ? raw[1] : samples->target(i);
            const int s = classes ? std::clamp(static_cast<int>(samples->target(i)), 0, seriesCount - 1) : 0;
            series[static_cast<std::size_t>(s)]->append(x, y);
            xmin = std::min(xmin, x), xmax = std::max(xmax, x), ymin = std::min(ymin, y), ymax = std::max(ymax, y);
        }
        auto* axisX = new QValueAxis;
        auto* axisY = new QValueAxis;
        const double padX = (xmax - xmin) * 0.05 + 1e-6, padY = (ymax - ymin) * 0.05 + 1e-6;
        axisX->setRange(xmin - padX, xmax + padX);
        axisY->setRange(ymin - padY, ymax + padY);
        axisX->applyNiceNumbers();
        axisY->applyNiceNumbers();
        axisX->setTitleText(twoD ? "x1" : "x");
        axisY->setTitleText(twoD ? "x2" : tr("target"));
        chart->addAxis(axisX, Qt::AlignBottom);
        chart->addAxis(axisY, Qt::AlignLeft);
        for (QScatterSeries* one : series) {
            chart->addSeries(one);
            one->attachAxis(axisX);
            one->attachAxis(axisY);
        }
        if (classes) {
            chart->legend()->show();
            chart->legend()->setAlignment(Qt::AlignRight);
        }
        chart->setTitle(stride > 1 ? tr("%1 of %2 samples").arg(withThousands((n + stride - 1) / stride), withThousands(n)) : QString());
    }
    return chart;
}

}  // namespace nw::ui
