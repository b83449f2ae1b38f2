#pragma once
#include <QString>
#include <QWidget>
#include <memory>

#include "data/Dataset.h"
#include "data/ImageAugmentation.h"
#include "train/TrainingConfig.h"

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
class SampleGridModel;
class Workspace;

// The Data screen: pick a built-in set, a generator, a CSV file or a folder, load it off the
// GUI thread, and look at it (sample grid, table or scatter plot, class histogram, summary),
// then choose validation/test split, normalisation and augmentation for training. The dataset
// and those options are the workspace's; this screen edits and shows them.
class DataScreen : public QWidget {
    Q_OBJECT
public:
    explicit DataScreen(Workspace& workspace, QWidget* parent = nullptr);
    ~DataScreen() override;

    // Loads a built-in name, generator or path with the current option widgets; with a
    // preset, the workspace puts it on the canvas once the data is there.
    void load(const QString& nameOrPath, const QString& preset = {});
    // The dataset on show (the workspace's, once loaded).
    std::shared_ptr<const Dataset> dataset() const { return data_; }
    bool isLoading() const;
    void cancelLoad();

    double testSplit() const;  // 0 when the set brings its own test split

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildSourcePicker();
    QWidget* buildViews();
    QWidget* buildSidePanel();
    void addSource(const QString& path, const QString& kind);
    // Selects what is being loaded in the picker, so the option widgets match it.
    void showSource(const QString& nameOrPath);
    void showTrainingOptions(const TrainingConfig& config);
    // The split, normalisation and augmentation as edited go into the workspace.
    void storeTrainingOptions();
    AugmentationSettings augmentation() const;
    void updateOptionWidgets();
    void setLoading(bool loading);
    void showDataset(std::shared_ptr<const Dataset> data);
    void showSplit();
    void updateHistogram();
    void updateTable();
    void updateScatter();
    void updatePreview();
    const SampleSet* currentSamples() const;

    Workspace& workspace_;
    std::shared_ptr<const Dataset> data_;
    bool editingOptions_ = false;  // this screen's own edit is going into the workspace

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
