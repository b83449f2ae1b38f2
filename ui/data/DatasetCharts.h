#pragma once
#include <QString>

#include "data/Dataset.h"

class QChart;
class QChartView;

namespace nw::ui {

// The Data screen's charts, built from a dataset: the class (or target) histogram and the
// scatter plot of 1- and 2-feature sets.

// Shows chart in view and deletes the chart it showed before.
void replaceChart(QChartView* view, QChart* chart);
// A chart with a title, no legend and small margins.
QChart* emptyChart(const QString& title);
// Training samples per class, or for regression the training targets in 20 bins; empty
// (titled) without data.
QChart* histogramChart(const Dataset* data);
// The samples of one split: x1 against x2 (2 features) or x against the target (1 feature),
// one series per class, at most kScatterPoints points.
QChart* scatterChart(const Dataset* data, const SampleSet* samples);

}  // namespace nw::ui
