#pragma once
#include "data/Dataset.h"

class QStandardItemModel;

namespace nw::ui {

// Fills model with the first kTableRows samples of one split of a tabular set: a column per
// feature (named from the set's tabular schema where it has one, else x1, x2, ...), with a
// tool tip each, and the target last (class names for classification).
void fillSampleTable(QStandardItemModel* model, const Dataset& data, const SampleSet& samples);

}  // namespace nw::ui
