#pragma once
#include <QString>
#include <QWidget>
#include <memory>

#include "data/Dataset.h"
#include "data/ImageAugmentation.h"

class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QStandardItemModel;
class QTableView;

namespace nw::ui {

class AugmentationPreview;
class DatasetLoader;
class SampleGridModel;

// The Data screen: pick a built-in set, a generator, a CSV file or a folder, load it off the
// GUI thread, and look at it (sample grid, table or scatter plot, class histogram, summary),
// then choose validation/test split, normalisation and augmentation for training.
class DataScreen : public QWidget {
    Q_OBJECT
public:
    explicit DataScreen(QString dataDir, QWidget* parent = nullptr);
    ~DataScreen() override;

    // Loads a built-in name, generator or path with the current option widgets.
    void load(const QString& nameOrPath);
    std::shared_ptr<const Dataset> dataset() const { return data_; }
    // The name or path the shown dataset was loaded from (what a project file records).
    const QString& source() const { return source_; }
    bool isLoading() const;
    void cancelLoad();

    double validationSplit() const;
    double testSplit() const;        // 0 when the set brings its own test split
    QString normalization() const;   // default, standard, per-feature, none
    QString augmentation() const;    // "shift=..,rotate=..,scale=.." or empty
    // Shows a run's (or a preset's) data settings; trainingOptionsChanged() is not emitted.
    void setTrainingOptions(double validationSplit, const QString& normalization, const AugmentationSettings& augmentation);

signals:
    void datasetLoaded(std::shared_ptr<const nw::Dataset> data);
    void loadFailed(QString message);
    // The validation split, normalisation or augmentation was edited.
    void trainingOptionsChanged();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildSourcePicker();
    QWidget* buildViews();
    QWidget* buildSidePanel();
    void addSource(const QString& path, const QString& kind);
    void updateOptionWidgets();
    void setLoading(bool loading);
    void showDataset(std::shared_ptr<const Dataset> data);
    void showSplit();
    void updateHistogram();
    void updateTable();
    void updateScatter();
    void updatePreview();
    const SampleSet* currentSamples() const;

    QString dataDir_;
    std::shared_ptr<const Dataset> data_;
    DatasetLoader* loader_ = nullptr;
    QString loadingName_;
    QString source_;

    QComboBox* sourceCombo_ = nullptr;
    QPushButton* loadButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QGroupBox* generatorBox_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QDoubleSpinBox* noise_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QGroupBox* csvBox_ = nullptr;
    QLineEdit* targetColumn_ = nullptr;
    QComboBox* csvTask_ = nullptr;
    QGroupBox* imageBox_ = nullptr;
    QSpinBox* imageSize_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* summary_ = nullptr;

    QComboBox* splitCombo_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QListView* grid_ = nullptr;
    SampleGridModel* gridModel_ = nullptr;
    QTableView* table_ = nullptr;
    QStandardItemModel* tableModel_ = nullptr;
    QChartView* scatter_ = nullptr;
    QChartView* histogram_ = nullptr;

    QDoubleSpinBox* validation_ = nullptr;
    QDoubleSpinBox* testSplit_ = nullptr;
    QComboBox* normalization_ = nullptr;
    QGroupBox* augmentBox_ = nullptr;
    QDoubleSpinBox* shift_ = nullptr;
    QDoubleSpinBox* rotate_ = nullptr;
    QDoubleSpinBox* scale_ = nullptr;
    AugmentationPreview* preview_ = nullptr;
};

}  // namespace nw::ui
