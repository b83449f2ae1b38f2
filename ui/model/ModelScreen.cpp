#include "ModelScreen.h"

#include <QFormLayout>
#include <QGraphicsScene>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "DesignerCanvas.h"
#include "DesignerHelpers.h"
#include "LayerBlockItem.h"
#include "LayerPaletteList.h"
#include "LayerPropertyForm.h"
#include "Workspace.h"

namespace nw::ui {

using namespace designer;

ModelScreen::ModelScreen(Workspace& workspace, QWidget* parent) : QWidget(parent), doc_(workspace.document()) {
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Palette.
    auto* paletteList = new LayerPaletteList(splitter);
    palette_ = paletteList;
    palette_->setObjectName("layerPalette");
    palette_->setMinimumWidth(140);
    splitter->addWidget(palette_);
    paletteList->populate(palette().color(QPalette::PlaceholderText));
    connect(palette_, &QListWidget::itemDoubleClicked, this, &ModelScreen::onPaletteDoubleClicked);

    // Canvas.
    scene_ = new QGraphicsScene(this);
    view_ = new DesignerCanvas(this, scene_);
    view_->setObjectName("modelCanvas");
    view_->setMinimumWidth(kBlockWidth + 60);
    splitter->addWidget(view_);

    // Properties and summary.
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(6, 0, 0, 0);
    propertyPanel_ = new QGroupBox(tr("Properties"), right);
    propertyPanel_->setObjectName("propertyEditor");
    auto* propLayout = new QVBoxLayout(propertyPanel_);
    propertyTitle_ = new QLabel(propertyPanel_);
    propertyTitle_->setWordWrap(true);
    formArea_ = new QScrollArea(propertyPanel_);
    formArea_->setWidgetResizable(true);
    formArea_->setFrameShape(QFrame::NoFrame);
    formArea_->viewport()->setAutoFillBackground(false);
    errorLabel_ = new QLabel(propertyPanel_);
    errorLabel_->setObjectName("layerError");
    errorLabel_->setWordWrap(true);
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    propLayout->addWidget(propertyTitle_);
    propLayout->addWidget(formArea_, 1);
    propLayout->addWidget(errorLabel_);
    auto* summaryBox = new QGroupBox(tr("Model"), right);
    auto* summaryLayout = new QVBoxLayout(summaryBox);
    summaryLabel_ = new QLabel(summaryBox);
    summaryLabel_->setObjectName("modelSummary");
    summaryLabel_->setWordWrap(true);
    summaryLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summaryLabel_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    summaryLayout->addWidget(summaryLabel_);
    statusLabel_ = new QLabel(summaryBox);
    statusLabel_->setObjectName("modelStatus");
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextFormat(Qt::PlainText);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusLabel_->setMinimumHeight(3 * statusLabel_->fontMetrics().lineSpacing());
    statusLabel_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    summaryLayout->addWidget(statusLabel_);
    rightLayout->addWidget(propertyPanel_, 3);
    rightLayout->addWidget(summaryBox, 0);
    right->setMinimumWidth(230);

    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({170, 600, 270});

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(&doc_, &ModelDocument::changed, this, &ModelScreen::onDocumentChanged);
    onDocumentChanged();
}

void ModelScreen::onPaletteDoubleClicked(QListWidgetItem* item) {
    if (!item) return;
    const QString type = item->data(Qt::UserRole).toString();
    if (!type.isEmpty()) appendLayerOfType(type);
}

void ModelScreen::insertLayerOfType(const QString& type, int index) {
    if (index < 0 || index > doc_.layerCount()) index = doc_.layerCount();
    doc_.insertLayer(index, defaultEntry(type));
    selectLayer(index);
}

void ModelScreen::removeSelectedLayer() {
    const int index = selected_;
    if (index < 0 || index >= doc_.layerCount()) return;
    doc_.removeLayer(index);
    selectLayer(std::min(index, doc_.layerCount() - 1));
}

void ModelScreen::duplicateSelectedLayer() {
    const int index = selected_;
    if (index < 0 || index >= doc_.layerCount()) return;
    doc_.duplicateLayer(index);
    selectLayer(index + 1);
}

void ModelScreen::moveBlock(int from, int to) {
    if (to < 0 || to >= doc_.layerCount() || from == to) return;
    doc_.moveLayer(from, to);
    selectLayer(to);
}

void ModelScreen::showBlockMenu(int index, const QPoint& globalPos) {
    QMenu menu(this);
    QAction* remove = menu.addAction(tr("Remove"));
    remove->setShortcut(QKeySequence::Delete);
    QAction* duplicate = menu.addAction(tr("Duplicate"));
    duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    menu.addSeparator();
    QAction* up = menu.addAction(tr("Move up"));
    QAction* down = menu.addAction(tr("Move down"));
    up->setEnabled(index > 0);
    down->setEnabled(index < doc_.layerCount() - 1);
    QAction* chosen = menu.exec(globalPos);
    if (!chosen) return;
    // The menu has closed; the scene may now be rebuilt safely.
    if (chosen == remove) {
        selected_ = index;
        removeSelectedLayer();
    } else if (chosen == duplicate) {
        selected_ = index;
        duplicateSelectedLayer();
    } else if (chosen == up) {
        moveBlock(index, index - 1);
    } else if (chosen == down) {
        moveBlock(index, index + 1);
    }
}

void ModelScreen::onDocumentChanged() {
    if (selected_ >= doc_.layerCount()) selected_ = -1;
    rebuildScene();
    if (editingField_) updateErrorLabel();
    else rebuildForm();
    updateSummary();
}

LayerBlockItem* ModelScreen::block(int index) const {
    if (index < 0) return inputBlock_;
    if (index >= static_cast<int>(blocks_.size())) return nullptr;
    return blocks_[index];
}

double ModelScreen::gapY(int index) const {
    if (blocks_.empty()) return inputBlock_ ? inputBlock_->y() + inputBlock_->boundingRect().height() - 10 + kGap / 2 : 0;
    if (index >= static_cast<int>(blocks_.size())) {
        const auto* last = blocks_.back();
        return last->y() + last->boundingRect().height() - 10 + kGap / 2;
    }
    return blocks_[std::max(index, 0)]->y() - kGap / 2;
}

int ModelScreen::insertionIndexAt(double sceneY, int ignoredBlock) const {
    int index = 0;
    for (int i = 0; i < static_cast<int>(blocks_.size()); ++i) {
        if (i == ignoredBlock) continue;
        const double centre = blocks_[i]->y() + (blocks_[i]->boundingRect().height() - 10) / 2;
        if (centre < sceneY) ++index;
    }
    return index;
}

void ModelScreen::rebuildScene() {
    scene_->clear();
    view_->forgetMarker();
    blocks_.clear();
    inputBlock_ = nullptr;
    const QPalette pal = palette();
    view_->setBackgroundBrush(blend(pal.color(QPalette::Base), pal.color(QPalette::Window), 0.6));

    const QFontMetricsF fm(font());
    const double lineH = fm.height();
    const double height = std::max(64.0, std::ceil(3 * lineH + 4 + 18));
    const QColor arrowColor = blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.45);
    const ModelSummary& summary = doc_.summary();

    auto addArrow = [&](double yFrom, double yTo) {
        const double x = kBlockWidth / 2;
        QPen pen(arrowColor, 1.6);
        scene_->addLine(x, yFrom + 4, x, yTo - 8, pen);
        QPolygonF head;
        head << QPointF(x, yTo - 5) << QPointF(x - 5, yTo - 12) << QPointF(x + 5, yTo - 12);
        scene_->addPolygon(head, QPen(arrowColor, 1), QBrush(arrowColor));
    };

    double y = 0;
    inputBlock_ = new LayerBlockItem(-1, tr("Input"), QString(), shapeText(doc_.inputShape()) + tr("   one sample"), "input", height);
    inputBlock_->setPalette(pal);
    inputBlock_->setPos(0, y);
    scene_->addItem(inputBlock_);
    y += height;

    bool afterError = false;
    const auto& layers = doc_.layers();
    for (int i = 0; i < doc_.layerCount(); ++i) {
        const nlohmann::json& entry = layers[i];
        const LayerSummary* ls = i < static_cast<int>(summary.layers.size()) ? &summary.layers[i] : nullptr;
        const std::string type = entry.value("type", std::string("?"));
        QString footer;
        QString error;
        if (afterError || !ls) {
            footer = tr("→ ?   input unknown");
        } else if (!ls->error.empty()) {
            error = QString::fromStdString(ls->error);
            footer = tr("✕ %1").arg(error);
        } else {
            footer = QStringLiteral("→ %1   %2 params").arg(shapeText(ls->outputShape), count(ls->parameters));
        }
        auto* item = new LayerBlockItem(i, QString::fromStdString(type), detailText(entry), footer, type, height);
        item->setPalette(pal);
        item->setError(error);
        item->setGreyed(afterError);
        if (!error.isEmpty()) afterError = true;
        if (error.isEmpty()) {
            QString tip = QString("<b>%1</b> (layer %2)<br>%3").arg(QString::fromStdString(type)).arg(i + 1).arg(
                QString::fromStdString(entry.dump()).toHtmlEscaped());
            if (ls && !ls->outputShape.empty())
                tip += tr("<br>output %1 · %2 params · %3 FLOPs").arg(shapeText(ls->outputShape), count(ls->parameters), count(ls->flops));
            if (item->greyed()) tip += tr("<br><i>not checked: an earlier layer does not fit</i>");
            item->setToolTip(tip);
        }
        y += kGap;
        addArrow(y - kGap, y);
        item->setPos(0, y);
        scene_->addItem(item);
        blocks_.push_back(item);
        y += height;
    }
    if (blocks_.empty()) {
        auto* hint = scene_->addText(tr("Drag layers here from the palette,\nor double-click them."));
        hint->setDefaultTextColor(arrowColor);
        hint->setPos((kBlockWidth - hint->boundingRect().width()) / 2, y + kGap);
        y += kGap + hint->boundingRect().height();
    }
    scene_->setSceneRect(QRectF(-20, -20, kBlockWidth + 40, y + 60));
    updateSelectionMarks();
}

void ModelScreen::updateSelectionMarks() {
    for (auto* b : blocks_) b->setMarked(b->index() == selected_);
}

void ModelScreen::selectLayer(int index) {
    if (index < 0 || index >= doc_.layerCount()) index = -1;
    const bool changedSelection = index != selected_;
    selected_ = index;
    updateSelectionMarks();
    if (auto* b = block(selected_); b && selected_ >= 0) view_->ensureVisible(b, 10, 20);
    rebuildForm();
    if (changedSelection) emit selectionChanged(selected_);
}

void ModelScreen::setField(int index, const std::string& field, const nlohmann::json& value) {
    editingField_ = true;
    doc_.setLayerField(index, field, value);
    editingField_ = false;
}

void ModelScreen::rebuildForm() {
    auto* form = new QWidget;
    auto* layout = new QFormLayout(form);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setLabelAlignment(Qt::AlignLeft);

    const int index = selected_;
    if (index < 0 || index >= doc_.layerCount()) {
        propertyTitle_->setText(doc_.layerCount() ? tr("Select a block to edit its settings.")
                                                  : tr("Add layers from the palette to start."));
        propertyTitle_->setStyleSheet({});
        formArea_->setWidget(form);
        form->setAutoFillBackground(false);
        updateErrorLabel();
        return;
    }
    const nlohmann::json entry = doc_.layers()[index];
    const std::string type = entry.value("type", std::string());
    propertyTitle_->setText(tr("<b>%1</b> &nbsp;·&nbsp; layer %2 of %3").arg(QString::fromStdString(type)).arg(index + 1).arg(doc_.layerCount()));

    const auto setFieldOfSelected = [this, index](const std::string& field, const nlohmann::json& value) { setField(index, field, value); };
    const auto queueFormRebuild = [this] {
        if (!formRebuildQueued_) {
            formRebuildQueued_ = true;
            QTimer::singleShot(0, this, [this] {
                formRebuildQueued_ = false;
                rebuildForm();
            });
        }
    };
    addLayerFields(layout, form, entry, this, setFieldOfSelected, queueFormRebuild);
    formArea_->setWidget(form);
    form->setAutoFillBackground(false);
    updateErrorLabel();
}

void ModelScreen::updateErrorLabel() {
    const auto& layers = doc_.summary().layers;
    QString error;
    if (selected_ >= 0 && selected_ < static_cast<int>(layers.size())) error = QString::fromStdString(layers[selected_].error);
    const QColor red = isDark(palette()) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    errorLabel_->setStyleSheet(QString("color: %1;").arg(red.name()));
    errorLabel_->setText(error);
    errorLabel_->setVisible(!error.isEmpty());
}

QString ModelScreen::selectedErrorText() const { return errorLabel_->text(); }

void ModelScreen::updateSummary() {
    const ModelSummary& s = doc_.summary();
    const QLocale loc = numbers();
    const QString memory = loc.formattedDataSize(s.parameters * 4, 1);
    QString flops = count(s.flops);
    if (s.flops >= 1'000'000) flops += QStringLiteral(" (%1 M)").arg(QString::number(s.flops / 1e6, 'f', 2));
    QString text = tr("<table cellspacing='0' cellpadding='1'>"
                      "<tr><td>Layers</td><td align='right'>&nbsp;&nbsp;%1</td></tr>"
                      "<tr><td>Parameters</td><td align='right'>&nbsp;&nbsp;%2</td></tr>"
                      "<tr><td>FLOPs / sample</td><td align='right'>&nbsp;&nbsp;%3</td></tr>"
                      "<tr><td>Parameter memory</td><td align='right'>&nbsp;&nbsp;%4</td></tr></table>")
                       .arg(doc_.layerCount())
                       .arg(count(s.parameters), flops, memory);
    const std::string first = s.firstError();
    QString status;
    QColor colour = palette().color(QPalette::PlaceholderText);
    if (doc_.layerCount() == 0) {
        status = tr("No layers yet.");
    } else if (first.empty()) {
        const Shape out = s.layers.empty() ? s.input : s.layers.back().outputShape;
        colour = isDark(palette()) ? QColor(0x6d, 0xd5, 0x8c) : QColor(0x2e, 0x7d, 0x32);
        status = tr("✓ fits: %1 → %2").arg(shapeText(s.input), shapeText(out));
    } else {
        colour = isDark(palette()) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
        status = QStringLiteral("✕ %1").arg(QString::fromStdString(first));
    }
    statusLabel_->setStyleSheet(QString("color: %1;").arg(colour.name()));
    statusLabel_->setText(status);
    summaryLabel_->setText(text);
}

QString ModelScreen::summaryText() const {
    QTextDocument d;
    d.setHtml(summaryLabel_->text());
    return d.toPlainText() + '\n' + statusLabel_->text();
}

QString ModelScreen::blockText(int index) const {
    const auto* b = block(index);
    return b ? b->text() : QString();
}

QString ModelScreen::blockToolTip(int index) const {
    const auto* b = block(index);
    return b ? b->toolTip() : QString();
}

bool ModelScreen::blockShowsError(int index) const {
    const auto* b = block(index);
    return b && b->hasError();
}

bool ModelScreen::blockIsGreyed(int index) const {
    const auto* b = block(index);
    return b && b->greyed();
}

}  // namespace nw::ui
