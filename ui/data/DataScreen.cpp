#include "DataScreen.h"

#include <QSignalBlocker>

#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "AugmentationPreview.h"
#include "DatasetCharts.h"
#include "DatasetTable.h"
#include "Formatting.h"
#include "SampleGridModel.h"
#include "SampleTileDelegate.h"
#include "Workspace.h"
#include "data/DatasetCatalog.h"

namespace nw::ui {

namespace {

constexpr int kNameRole = Qt::UserRole + 1;  // what loadDataset is given
constexpr int kKindRole = Qt::UserRole + 2;  // built-in, generator, csv, folder

QString shapeText(const Shape& shape) {
    QStringList parts;
    for (int d : shape) parts << QString::number(d);
    return "(" + parts.join(", ") + ")";
}

}  // namespace

DataScreen::DataScreen(Workspace& workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    setAcceptDrops(true);

    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(10, 10, 10, 10);
    root->setSpacing(6);
    root->addWidget(buildSourcePicker());

    error_ = new QLabel(this);
    error_->setObjectName("loadError");
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(errorTextStyle());
    error_->hide();
    root->addWidget(error_);

    summary_ = new QLabel(tr("No data loaded. Pick a set and press Load, or drop a CSV file or folder here."), this);
    summary_->setObjectName("datasetSummary");
    QFont summaryFont = summary_->font();
    summaryFont.setBold(true);
    summary_->setFont(summaryFont);
    root->addWidget(summary_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildViews());
    splitter->addWidget(buildSidePanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    root->addWidget(splitter, 1);

    connect(&workspace_, &Workspace::datasetLoadStarted, this, [this](const QString& source) {
        showSource(source);
        error_->hide();
        setLoading(true);
    });
    connect(&workspace_, &Workspace::datasetLoadProgress, this,
            [this](double fraction) { progress_->setValue(static_cast<int>(std::lround(fraction * 1000))); });
    connect(&workspace_, &Workspace::datasetChanged, this, [this] {
        setLoading(false);
        showDataset(workspace_.dataset());
    });
    connect(&workspace_, &Workspace::datasetLoadFailed, this, [this](const QString& source, const QString& message) {
        setLoading(false);
        error_->setStyleSheet(errorTextStyle());
        error_->setText(tr("Could not load “%1”: %2").arg(source, message));
        error_->show();
    });
    connect(&workspace_, &Workspace::datasetLoadCancelled, this, [this](const QString& source) {
        setLoading(false);
        error_->setStyleSheet("color: palette(mid);");
        error_->setText(tr("Loading “%1” was cancelled.").arg(source));
        error_->show();
    });
    connect(&workspace_, &Workspace::trainingConfigChanged, this, [this] {
        if (!editingOptions_) showTrainingOptions(workspace_.trainingConfig());
    });
    setLoading(false);
    updateOptionWidgets();
    showTrainingOptions(workspace_.trainingConfig());
    showDataset(workspace_.dataset());
}

DataScreen::~DataScreen() = default;

QWidget* DataScreen::buildSourcePicker() {
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(6);

    auto* row = new QHBoxLayout;
    row->setSpacing(6);
    sourceCombo_ = new QComboBox(box);
    sourceCombo_->setObjectName("datasetCombo");
    sourceCombo_->setMinimumWidth(240);
    sourceCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const DatasetEntry& entry : builtInDatasets(workspace_.dataDir().toStdString())) {
        const QString name = QString::fromStdString(entry.name);
        const QString kind = QString::fromStdString(entry.kind);
        sourceCombo_->addItem(QStringLiteral("%1  (%2)").arg(name, kind));
        const int i = sourceCombo_->count() - 1;
        sourceCombo_->setItemData(i, name, kNameRole);
        sourceCombo_->setItemData(i, kind, kKindRole);
        sourceCombo_->setItemData(i, QString::fromStdString(entry.description), Qt::ToolTipRole);
    }
    auto* openFile = new QPushButton(tr("Open file…"), box);
    openFile->setObjectName("openFileButton");
    openFile->setToolTip(tr("Load a CSV, TSV or text table"));
    auto* openFolder = new QPushButton(tr("Open folder…"), box);
    openFolder->setObjectName("openFolderButton");
    openFolder->setToolTip(tr("Load a folder of IDX files or an image folder (one sub-folder per class)"));
    loadButton_ = new QPushButton(tr("Load"), box);
    loadButton_->setObjectName("loadButton");
    loadButton_->setDefault(true);
    progress_ = new QProgressBar(box);
    progress_->setObjectName("loadProgress");
    progress_->setRange(0, 1000);
    progress_->setTextVisible(true);
    progress_->setFormat("%p%");
    progress_->setFixedWidth(200);
    cancelButton_ = new QPushButton(tr("Cancel"), box);
    cancelButton_->setObjectName("cancelLoadButton");

    row->addWidget(new QLabel(tr("Dataset:"), box));
    row->addWidget(sourceCombo_);
    row->addWidget(openFile);
    row->addWidget(openFolder);
    row->addWidget(loadButton_);
    row->addSpacing(12);
    row->addWidget(progress_);
    row->addWidget(cancelButton_);
    row->addStretch(1);
    column->addLayout(row);

    auto* options = new QHBoxLayout;
    options->setSpacing(8);
    auto compactForm = [](QGroupBox* group) {
        auto* layout = new QHBoxLayout(group);
        layout->setContentsMargins(8, 4, 8, 6);
        layout->setSpacing(6);
        return layout;
    };

    generatorBox_ = new QGroupBox(tr("Generator"), box);
    auto* gen = compactForm(generatorBox_);
    samples_ = new QSpinBox(generatorBox_);
    samples_->setObjectName("generatorSamples");
    samples_->setRange(0, 1000000);
    samples_->setSingleStep(100);
    samples_->setSpecialValueText(tr("default"));
    noise_ = new QDoubleSpinBox(generatorBox_);
    noise_->setObjectName("generatorNoise");
    noise_->setRange(-0.05, 5.0);
    noise_->setSingleStep(0.05);
    noise_->setDecimals(2);
    noise_->setValue(-0.05);
    noise_->setSpecialValueText(tr("default"));
    seed_ = new QSpinBox(generatorBox_);
    seed_->setObjectName("generatorSeed");
    seed_->setRange(0, 1000000000);
    seed_->setValue(1);
    gen->addWidget(new QLabel(tr("Samples"), generatorBox_));
    gen->addWidget(samples_);
    gen->addWidget(new QLabel(tr("Noise"), generatorBox_));
    gen->addWidget(noise_);
    gen->addWidget(new QLabel(tr("Seed"), generatorBox_));
    gen->addWidget(seed_);

    csvBox_ = new QGroupBox(tr("CSV"), box);
    auto* csv = compactForm(csvBox_);
    targetColumn_ = new QLineEdit(csvBox_);
    targetColumn_->setObjectName("csvTarget");
    targetColumn_->setPlaceholderText(tr("last column"));
    targetColumn_->setToolTip(tr("Target column: a header name or a 0-based index"));
    targetColumn_->setMinimumWidth(110);
    csvTask_ = new QComboBox(csvBox_);
    csvTask_->setObjectName("csvTask");
    csvTask_->addItems({"auto", "classification", "regression"});
    csv->addWidget(new QLabel(tr("Target"), csvBox_));
    csv->addWidget(targetColumn_);
    csv->addWidget(new QLabel(tr("Task"), csvBox_));
    csv->addWidget(csvTask_);

    imageBox_ = new QGroupBox(tr("Image folder"), box);
    auto* img = compactForm(imageBox_);
    imageSize_ = new QSpinBox(imageBox_);
    imageSize_->setObjectName("imageSize");
    imageSize_->setRange(0, 512);
    imageSize_->setSingleStep(8);
    imageSize_->setSpecialValueText(tr("first image's"));
    imageSize_->setSuffix(tr(" px"));
    imageSize_->setToolTip(tr("Images are resized to this width and height"));
    img->addWidget(new QLabel(tr("Size"), imageBox_));
    img->addWidget(imageSize_);

    options->addWidget(generatorBox_);
    options->addWidget(csvBox_);
    options->addWidget(imageBox_);
    options->addStretch(1);
    column->addLayout(options);

    connect(sourceCombo_, &QComboBox::currentIndexChanged, this, [this] { updateOptionWidgets(); });
    connect(loadButton_, &QPushButton::clicked, this, [this] {
        const QString name = sourceCombo_->currentData(kNameRole).toString();
        if (!name.isEmpty()) load(name);
    });
    connect(cancelButton_, &QPushButton::clicked, this, &DataScreen::cancelLoad);
    connect(openFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a table"), QString(),
                                                          tr("Tables (*.csv *.tsv *.txt);;All files (*)"));
        if (path.isEmpty()) return;
        addSource(path, "csv");
        load(path);
    });
    connect(openFolder, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getExistingDirectory(this, tr("Open an IDX or image folder"));
        if (path.isEmpty()) return;
        addSource(path, "folder");
        load(path);
    });
    return box;
}

QWidget* DataScreen::buildViews() {
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(4);

    auto* row = new QHBoxLayout;
    splitCombo_ = new QComboBox(box);
    splitCombo_->setObjectName("splitCombo");
    splitCombo_->addItems({tr("Train"), tr("Validation"), tr("Test")});
    row->addWidget(new QLabel(tr("Split:"), box));
    row->addWidget(splitCombo_);
    row->addStretch(1);
    column->addLayout(row);

    stack_ = new QStackedWidget(box);
    gridModel_ = new SampleGridModel(this);
    grid_ = new QListView(stack_);
    grid_->setObjectName("sampleGrid");
    auto* delegate = new SampleTileDelegate(56, grid_);
    grid_->setItemDelegate(delegate);
    grid_->setViewMode(QListView::IconMode);
    grid_->setUniformItemSizes(true);
    grid_->setLayoutMode(QListView::Batched);
    grid_->setBatchSize(2000);
    grid_->setMovement(QListView::Static);
    grid_->setResizeMode(QListView::Adjust);
    grid_->setWrapping(true);
    grid_->setSpacing(2);
    grid_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    grid_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    grid_->setModel(gridModel_);
    stack_->addWidget(grid_);

    tableModel_ = new QStandardItemModel(this);
    table_ = new QTableView(stack_);
    table_->setObjectName("tableView");
    table_->setModel(tableModel_);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setDefaultSectionSize(22);
    stack_->addWidget(table_);

    scatter_ = new QChartView(emptyChart(QString()), stack_);
    scatter_->setObjectName("scatterPlot");
    scatter_->setRenderHint(QPainter::Antialiasing);
    stack_->addWidget(scatter_);
    column->addWidget(stack_, 1);

    connect(splitCombo_, &QComboBox::currentIndexChanged, this, [this] { showSplit(); });
    return box;
}

QWidget* DataScreen::buildSidePanel() {
    auto* box = new QWidget(this);
    box->setMinimumWidth(380);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(8);

    histogram_ = new QChartView(emptyChart(tr("Training samples per class")), box);
    histogram_->setObjectName("classHistogram");
    histogram_->setRenderHint(QPainter::Antialiasing);
    histogram_->setMinimumHeight(220);
    column->addWidget(histogram_, 1);

    auto* settings = new QGroupBox(tr("Split and normalisation"), box);
    auto* form = new QFormLayout(settings);
    form->setContentsMargins(8, 6, 8, 8);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    validation_ = new QDoubleSpinBox(settings);
    validation_->setObjectName("validationSplit");
    validation_->setRange(0.0, 0.5);
    validation_->setSingleStep(0.05);
    validation_->setDecimals(2);
    validation_->setValue(0.1);
    validation_->setMinimumWidth(110);
    validation_->setToolTip(tr("Fraction of the training split held out for validation"));
    testSplit_ = new QDoubleSpinBox(settings);
    testSplit_->setObjectName("testSplit");
    testSplit_->setRange(0.0, 0.5);
    testSplit_->setSingleStep(0.05);
    testSplit_->setDecimals(2);
    testSplit_->setValue(0.0);
    testSplit_->setMinimumWidth(110);
    testSplit_->setSpecialValueText(tr("none"));
    testSplit_->setToolTip(tr("Fraction carved out as a test split (only for sets without one)"));
    normalization_ = new QComboBox(settings);
    normalization_->setObjectName("normalizationCombo");
    normalization_->addItems({"default", "standard", "per-feature", "none"});
    normalization_->setItemData(0, tr("The set's own scaling (8-bit images to [0, 1]; CSV per feature)"), Qt::ToolTipRole);
    normalization_->setItemData(1, tr("One mean and standard deviation over every value"), Qt::ToolTipRole);
    normalization_->setItemData(2, tr("A mean and standard deviation per feature"), Qt::ToolTipRole);
    normalization_->setItemData(3, tr("Raw values"), Qt::ToolTipRole);
    form->addRow(tr("Validation fraction"), validation_);
    form->addRow(tr("Test split"), testSplit_);
    form->addRow(tr("Normalisation"), normalization_);
    column->addWidget(settings);

    augmentBox_ = new QGroupBox(tr("Augmentation (training images)"), box);
    auto* aug = new QVBoxLayout(augmentBox_);
    aug->setContentsMargins(8, 6, 8, 8);
    auto* knobs = new QHBoxLayout;
    auto spin = [this](const QString& name, double max, double step, const QString& suffix) {
        auto* s = new QDoubleSpinBox(augmentBox_);
        s->setObjectName(name);
        s->setRange(0.0, max);
        s->setSingleStep(step);
        s->setDecimals(step < 0.1 ? 2 : 1);
        s->setSuffix(suffix);
        return s;
    };
    shift_ = spin("augmentShift", 8.0, 0.5, tr(" px"));
    rotate_ = spin("augmentRotate", 45.0, 1.0, QStringLiteral("°"));
    scale_ = spin("augmentScale", 0.5, 0.05, QString());
    knobs->addWidget(new QLabel(tr("Shift"), augmentBox_));
    knobs->addWidget(shift_);
    knobs->addWidget(new QLabel(tr("Rotate"), augmentBox_));
    knobs->addWidget(rotate_);
    knobs->addWidget(new QLabel(tr("Scale"), augmentBox_));
    knobs->addWidget(scale_);
    knobs->addStretch(1);
    aug->addLayout(knobs);
    preview_ = new AugmentationPreview(augmentBox_);
    aug->addWidget(preview_);
    column->addWidget(augmentBox_);

    for (QDoubleSpinBox* s : {shift_, rotate_, scale_})
        connect(s, &QDoubleSpinBox::valueChanged, this, [this] {
            updatePreview();
            storeTrainingOptions();
        });
    connect(validation_, &QDoubleSpinBox::valueChanged, this, &DataScreen::storeTrainingOptions);
    connect(normalization_, &QComboBox::currentTextChanged, this, &DataScreen::storeTrainingOptions);
    return box;
}

void DataScreen::addSource(const QString& path, const QString& kind) {
    for (int i = 0; i < sourceCombo_->count(); ++i)
        if (sourceCombo_->itemData(i, kNameRole).toString() == path) {
            sourceCombo_->setCurrentIndex(i);
            return;
        }
    sourceCombo_->addItem(QStringLiteral("%1  (%2)").arg(QFileInfo(path).fileName(), kind == "csv" ? tr("file") : tr("folder")));
    const int i = sourceCombo_->count() - 1;
    sourceCombo_->setItemData(i, path, kNameRole);
    sourceCombo_->setItemData(i, kind, kKindRole);
    sourceCombo_->setItemData(i, path, Qt::ToolTipRole);
    sourceCombo_->setCurrentIndex(i);
}

void DataScreen::updateOptionWidgets() {
    const QString kind = sourceCombo_->currentData(kKindRole).toString();
    generatorBox_->setEnabled(kind == "generator");
    csvBox_->setEnabled(kind == "csv");
    imageBox_->setEnabled(kind == "folder");
}

void DataScreen::showSource(const QString& nameOrPath) {
    // Show what is being loaded in the picker, so the option widgets match it.
    int found = -1;
    for (int i = 0; i < sourceCombo_->count(); ++i)
        if (sourceCombo_->itemData(i, kNameRole).toString() == nameOrPath) found = i;
    if (found >= 0) {
        sourceCombo_->setCurrentIndex(found);
    } else {
        const QFileInfo info(nameOrPath);
        if (info.exists()) addSource(nameOrPath, info.isDir() ? "folder" : "csv");
    }
}

void DataScreen::load(const QString& nameOrPath, const QString& preset) {
    showSource(nameOrPath);
    DatasetOptions options;
    options.seed = static_cast<std::uint64_t>(seed_->value());
    options.samples = samples_->value();
    options.noise = noise_->value() < 0 ? -1.0 : noise_->value();
    options.csv.target = targetColumn_->text().trimmed().toStdString();
    options.csv.task = csvTask_->currentText().toStdString();
    options.images.width = options.images.height = imageSize_->value();
    workspace_.loadDataset(nameOrPath, std::move(options), preset);
}

bool DataScreen::isLoading() const { return workspace_.isLoadingDataset(); }

void DataScreen::cancelLoad() { workspace_.cancelDatasetLoad(); }

void DataScreen::setLoading(bool loading) {
    progress_->setVisible(loading);
    cancelButton_->setVisible(loading);
    cancelButton_->setEnabled(loading);
    if (loading) progress_->setValue(0);
}

double DataScreen::testSplit() const { return testSplit_->isEnabled() ? testSplit_->value() : 0.0; }

void DataScreen::showTrainingOptions(const TrainingConfig& config) {
    const QSignalBlocker blockers[] = {QSignalBlocker(validation_), QSignalBlocker(normalization_), QSignalBlocker(shift_),
                                       QSignalBlocker(rotate_), QSignalBlocker(scale_)};
    validation_->setValue(config.validationSplit);
    const int index = normalization_->findText(QString::fromStdString(config.normalization));
    normalization_->setCurrentIndex(index >= 0 ? index : 0);
    shift_->setValue(config.augmentation.maxShift);
    rotate_->setValue(config.augmentation.maxRotation);
    scale_->setValue(config.augmentation.maxScale);
    updatePreview();
}

void DataScreen::storeTrainingOptions() {
    TrainingConfig c = workspace_.trainingConfig();
    c.validationSplit = validation_->value();
    c.normalization = normalization_->currentText().toStdString();
    c.augmentation = augmentation();
    editingOptions_ = true;
    workspace_.setTrainingConfig(c);
    editingOptions_ = false;
}

AugmentationSettings DataScreen::augmentation() const {
    if (shift_->value() <= 0 && rotate_->value() <= 0 && scale_->value() <= 0) return {};
    return AugmentationSettings::parse(QStringLiteral("shift=%1,rotate=%2,scale=%3")
                                           .arg(QString::number(shift_->value()), QString::number(rotate_->value()),
                                                QString::number(scale_->value()))
                                           .toStdString());
}

void DataScreen::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) event->acceptProposedAction();
}

void DataScreen::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    const QString path = urls.first().toLocalFile();
    const QFileInfo info(path);
    addSource(path, info.isDir() ? "folder" : "csv");
    event->acceptProposedAction();
    load(path);
}

const SampleSet* DataScreen::currentSamples() const {
    if (!data_) return nullptr;
    switch (splitCombo_->currentIndex()) {
    case 1: return &data_->validation;
    case 2: return &data_->test;
    default: return &data_->train;
    }
}

void DataScreen::showDataset(std::shared_ptr<const Dataset> data) {
    data_ = std::move(data);
    auto* splitItems = qobject_cast<QStandardItemModel*>(splitCombo_->model());
    const bool has[3] = {data_ && !data_->train.empty(), data_ && !data_->validation.empty(), data_ && !data_->test.empty()};
    for (int i = 0; i < 3; ++i) splitItems->item(i)->setEnabled(has[i]);
    splitCombo_->setEnabled(data_ != nullptr);

    if (!data_) {
        augmentBox_->setVisible(false);
        testSplit_->setEnabled(false);
        updateHistogram();
        showSplit();
        return;
    }

    QStringList parts{QString::fromStdString(data_->name)};
    QStringList counts{tr("%1 train").arg(withThousands(data_->train.size()))};
    if (!data_->validation.empty()) counts << tr("%1 validation").arg(withThousands(data_->validation.size()));
    if (!data_->test.empty()) counts << tr("%1 test").arg(withThousands(data_->test.size()));
    parts << counts.join(" / ") << shapeText(data_->sampleShape);
    if (data_->task == Task::Classification)
        parts << tr("%1 classes").arg(data_->classCount());
    else
        parts << (data_->outputs == 1 ? tr("regression") : tr("regression, %1 outputs").arg(data_->outputs));
    if (data_->skippedFiles) parts << tr("%1 unreadable files skipped").arg(withThousands(data_->skippedFiles));
    summary_->setText(parts.join(QStringLiteral(" · ")));

    testSplit_->setEnabled(!data_->hasTest());
    augmentBox_->setVisible(AugmentationPreview::isImageSet(*data_));

    const bool blocked = splitCombo_->blockSignals(true);
    splitCombo_->setCurrentIndex(0);
    splitCombo_->blockSignals(blocked);
    updateHistogram();
    showSplit();
    updatePreview();
}

void DataScreen::showSplit() {
    SampleGridModel::Split split = SampleGridModel::Split::Train;
    if (splitCombo_->currentIndex() == 1) split = SampleGridModel::Split::Validation;
    if (splitCombo_->currentIndex() == 2) split = SampleGridModel::Split::Test;
    gridModel_->setDataset(data_, split);
    if (!data_) {
        stack_->setCurrentWidget(grid_);
        return;
    }
    const Shape& shape = data_->sampleShape;
    if (shape.size() == 1 && shape[0] <= 2 && data_->tabularSchema.is_null()) {
        updateScatter();
        stack_->setCurrentWidget(scatter_);
    } else if (shape.size() == 1) {
        updateTable();
        stack_->setCurrentWidget(table_);
    } else {
        stack_->setCurrentWidget(grid_);
    }
}

void DataScreen::updateHistogram() {
    replaceChart(histogram_, histogramChart(data_.get()));
}

void DataScreen::updateTable() {
    tableModel_->clear();
    const SampleSet* samples = currentSamples();
    if (!data_ || !samples) return;
    fillSampleTable(tableModel_, *data_, *samples);
    table_->resizeColumnsToContents();
}

void DataScreen::updateScatter() {
    const SampleSet* samples = currentSamples();
    replaceChart(scatter_, scatterChart(data_.get(), samples));
}

void DataScreen::updatePreview() {
    AugmentationSettings settings;
    settings.maxShift = shift_->value();
    settings.maxRotation = rotate_->value();
    settings.maxScale = scale_->value();
    preview_->showSamples(data_.get(), settings);
}

}  // namespace nw::ui
