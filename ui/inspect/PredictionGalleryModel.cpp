#include "PredictionGalleryModel.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <utility>

#include "SampleGridModel.h"

namespace nw::ui {

namespace {

// Enough for 10,000 RGB 32×32 images or every MNIST digit of a large subset; bigger images
// are simply made again when they scroll back into view.
constexpr qsizetype kImageCacheBytes = 64 * 1024 * 1024;

// NaN would break the sort's ordering; it sorts as the least trustworthy value.
float confidenceKey(const SamplePrediction& p) { return std::isnan(p.confidence) ? -1.0f : p.confidence; }
float lossKey(const SamplePrediction& p) { return std::isnan(p.loss) ? INFINITY : p.loss; }

}  // namespace

PredictionGalleryModel::PredictionGalleryModel(QObject* parent) : QAbstractListModel(parent) {
    images_.setMaxCost(kImageCacheBytes);
}

void PredictionGalleryModel::setSource(std::shared_ptr<const Dataset> data, const SampleSet* split) {
    if (data == data_ && (data ? split : nullptr) == split_) return;  // live updates repeat it; keep the cache
    beginResetModel();
    data_ = std::move(data);
    split_ = data_ ? split : nullptr;
    images_.clear();
    endResetModel();
}

void PredictionGalleryModel::setPredictions(PredictionSet predictions) {
    beginResetModel();
    PredictionSet previous = std::exchange(predictions_, std::move(predictions));
    markChanges(previous);
    rebuildRows();
    endResetModel();
}

void PredictionGalleryModel::clearPredictions() {
    beginResetModel();
    predictions_ = {};
    previousClass_.clear();
    changedCount_ = 0;
    rows_.clear();
    endResetModel();
}

void PredictionGalleryModel::markChanges(const PredictionSet& previous) {
    const auto& now = predictions_.samples;
    const auto& before = previous.samples;
    previousClass_.assign(now.size(), -1);
    changedCount_ = 0;
    if (before.empty()) return;
    // Live updates predict the same fixed subset each time: compare position by position,
    // and fall back to a lookup by sample index when the subset differs.
    bool samePositions = now.size() == before.size();
    for (std::size_t i = 0; samePositions && i < now.size(); ++i) samePositions = now[i].sample == before[i].sample;
    if (samePositions) {
        for (std::size_t i = 0; i < now.size(); ++i) previousClass_[i] = before[i].predictedClass;
    } else {
        std::vector<std::pair<std::size_t, int>> lookup;
        lookup.reserve(before.size());
        for (const SamplePrediction& p : before) lookup.emplace_back(p.sample, p.predictedClass);
        std::sort(lookup.begin(), lookup.end());
        for (std::size_t i = 0; i < now.size(); ++i) {
            const auto it = std::lower_bound(lookup.begin(), lookup.end(), std::pair<std::size_t, int>(now[i].sample, INT_MIN));
            if (it != lookup.end() && it->first == now[i].sample) previousClass_[i] = it->second;
        }
    }
    for (std::size_t i = 0; i < now.size(); ++i)
        if (previousClass_[i] >= 0 && previousClass_[i] != now[i].predictedClass) ++changedCount_;
}

void PredictionGalleryModel::setClassNames(const QStringList& names) {
    classNames_ = names;
    if (!rows_.empty()) emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole, Qt::ToolTipRole});
}

void PredictionGalleryModel::setFilter(GalleryFilter filter, int classA, int classB) {
    if (filter == GalleryFilter::All || filter == GalleryFilter::Wrong) classA = classB = -1;
    if (filter == GalleryFilter::TrueClass || filter == GalleryFilter::PredictedClass) classB = -1;
    if (filter == filter_ && classA == classA_ && classB == classB_) return;
    beginResetModel();
    filter_ = filter;
    classA_ = classA;
    classB_ = classB;
    rebuildRows();
    endResetModel();
}

void PredictionGalleryModel::setSort(GallerySort sort) {
    if (sort == sort_) return;
    beginResetModel();
    sort_ = sort;
    rebuildRows();
    endResetModel();
}

bool PredictionGalleryModel::accepts(const SamplePrediction& p) const {
    switch (filter_) {
    case GalleryFilter::All: return true;
    case GalleryFilter::Wrong: return p.predictedClass != p.trueClass;
    case GalleryFilter::TrueClass: return p.trueClass == classA_;
    case GalleryFilter::PredictedClass: return p.predictedClass == classA_;
    case GalleryFilter::Cell: return p.trueClass == classA_ && p.predictedClass == classB_;
    }
    return true;
}

void PredictionGalleryModel::rebuildRows() {
    const auto& all = predictions_.samples;
    rows_.clear();
    rows_.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        if (accepts(all[i])) rows_.push_back(static_cast<int>(i));
    auto bySample = [&](int a, int b) {
        return all[a].sample != all[b].sample ? all[a].sample < all[b].sample : a < b;
    };
    switch (sort_) {
    case GallerySort::Index: std::sort(rows_.begin(), rows_.end(), bySample); break;
    case GallerySort::ConfidenceAscending:
        std::sort(rows_.begin(), rows_.end(), [&](int a, int b) {
            const float ka = confidenceKey(all[a]), kb = confidenceKey(all[b]);
            return ka != kb ? ka < kb : bySample(a, b);
        });
        break;
    case GallerySort::ConfidenceDescending:
        std::sort(rows_.begin(), rows_.end(), [&](int a, int b) {
            const float ka = confidenceKey(all[a]), kb = confidenceKey(all[b]);
            return ka != kb ? ka > kb : bySample(a, b);
        });
        break;
    case GallerySort::LossDescending:
        std::sort(rows_.begin(), rows_.end(), [&](int a, int b) {
            const float ka = lossKey(all[a]), kb = lossKey(all[b]);
            return ka != kb ? ka > kb : bySample(a, b);
        });
        break;
    }
}

QString PredictionGalleryModel::className(int cls) const {
    return cls >= 0 && cls < classNames_.size() && !classNames_[cls].isEmpty() ? classNames_[cls] : QString::number(cls);
}

int PredictionGalleryModel::percent(double confidence) {
    if (!(confidence >= 0.0)) return 0;
    const int rounded = static_cast<int>(std::lround(std::min(confidence, 1.0) * 100.0));
    return rounded == 100 && confidence < 1.0 ? 99 : rounded;  // "100 %" only when certain
}

const SamplePrediction* PredictionGalleryModel::predictionAt(int row) const {
    if (row < 0 || row >= static_cast<int>(rows_.size())) return nullptr;
    return &predictions_.samples[static_cast<std::size_t>(rows_[static_cast<std::size_t>(row)])];
}

int PredictionGalleryModel::rowOfSample(std::size_t sample) const {
    for (std::size_t r = 0; r < rows_.size(); ++r)
        if (predictions_.samples[static_cast<std::size_t>(rows_[r])].sample == sample) return static_cast<int>(r);
    return -1;
}

QImage PredictionGalleryModel::image(int row) const {
    const SamplePrediction* p = predictionAt(row);
    if (!p || !split_) return {};
    if (const QImage* cached = images_.object(p->sample)) return *cached;
    QImage made = SampleGridModel::sampleImage(*split_, p->sample);
    if (!made.isNull()) images_.insert(p->sample, new QImage(made), std::max<qsizetype>(1, made.sizeInBytes()));
    return made;
}

int PredictionGalleryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant PredictionGalleryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto shown = static_cast<std::size_t>(rows_[static_cast<std::size_t>(index.row())]);
    const SamplePrediction& p = predictions_.samples[shown];
    const int previous = previousClass_.empty() ? -1 : previousClass_[shown];
    switch (role) {
    case Qt::DisplayRole:
        return tr("true %1 · predicted %2 · %3 %").arg(className(p.trueClass), className(p.predictedClass)).arg(percent(p.confidence));
    case Qt::ToolTipRole: {
        QString text = tr("sample %1\ntrue %2 · predicted %3 · %4 %\nloss %5")
                           .arg(p.sample)
                           .arg(className(p.trueClass), className(p.predictedClass))
                           .arg(percent(p.confidence))
                           .arg(static_cast<double>(p.loss), 0, 'f', 3);
        if (previous >= 0 && previous != p.predictedClass) text += tr("\nchanged since the last update (was %1)").arg(className(previous));
        return text;
    }
    case Qt::DecorationRole:
    case ImageRole: return image(index.row());
    case TrueClassRole: return p.trueClass;
    case PredictedClassRole: return p.predictedClass;
    case ConfidenceRole: return static_cast<double>(p.confidence);
    case LossRole: return static_cast<double>(p.loss);
    case CorrectRole: return p.trueClass == p.predictedClass;
    case ChangedRole: return previous >= 0 && previous != p.predictedClass;
    case SampleIndexRole: return static_cast<qulonglong>(p.sample);
    case PreviousClassRole: return previous;
    default: return {};
    }
}

QHash<int, QByteArray> PredictionGalleryModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ImageRole, "image");
    names.insert(TrueClassRole, "trueClass");
    names.insert(PredictedClassRole, "predictedClass");
    names.insert(ConfidenceRole, "confidence");
    names.insert(LossRole, "loss");
    names.insert(CorrectRole, "correct");
    names.insert(ChangedRole, "changed");
    names.insert(SampleIndexRole, "sampleIndex");
    names.insert(PreviousClassRole, "previousClass");
    return names;
}

}  // namespace nw::ui
