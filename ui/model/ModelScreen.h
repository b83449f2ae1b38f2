#pragma once
#include <QString>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "ModelDocument.h"

class QGraphicsScene;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QScrollArea;

namespace nw::ui {

class DesignerCanvas;
class LayerBlockItem;
class Workspace;

// The Model screen, a designer: a palette of layer types (left), the model as a column of blocks on a
// canvas (centre), and the selected block's properties with the model summary (right). Every
// edit goes through the ModelDocument, so it is undoable and re-inferred; the canvas and the
// panels are rebuilt from the document whenever it changes.
class ModelScreen : public QWidget {
    Q_OBJECT
public:
    explicit ModelScreen(Workspace& workspace, QWidget* parent = nullptr);

    ModelDocument& document() { return doc_; }
    // The selected block (layer index), or -1.
    int selectedLayer() const { return selected_; }
    void selectLayer(int index);

    // Adds a layer of this type at index (-1: at the end) and selects it.
    void insertLayerOfType(const QString& type, int index = -1);
    void appendLayerOfType(const QString& type) { insertLayerOfType(type, -1); }
    void removeSelectedLayer();
    void duplicateSelectedLayer();

    // For tests and scripts.
    QGraphicsScene* scene() const { return scene_; }
    QListWidget* layerPalette() const { return palette_; }
    int blockCount() const { return static_cast<int>(blocks_.size()); }
    // The text of block index (-1: the input block), lines separated by '\n'.
    QString blockText(int index) const;
    QString blockToolTip(int index) const;
    bool blockShowsError(int index) const;
    bool blockIsGreyed(int index) const;
    QString summaryText() const;
    QString selectedErrorText() const;

signals:
    void selectionChanged(int index);

private slots:
    void onDocumentChanged();
    void onPaletteDoubleClicked(QListWidgetItem* item);

private:
    friend class DesignerCanvas;

    void rebuildScene();
    void rebuildForm();
    void updateSelectionMarks();
    void updateErrorLabel();
    void updateSummary();
    void setField(int index, const std::string& field, const nlohmann::json& value);
    void moveBlock(int from, int to);
    void showBlockMenu(int index, const QPoint& globalPos);
    // Where a drop at scene y inserts: the number of blocks whose centre lies above it.
    int insertionIndexAt(double sceneY, int ignoredBlock = -1) const;
    // The y (scene) of the gap before layer index.
    double gapY(int index) const;
    LayerBlockItem* block(int index) const;

    ModelDocument& doc_;
    QListWidget* palette_ = nullptr;
    DesignerCanvas* view_ = nullptr;
    QGraphicsScene* scene_ = nullptr;
    QWidget* propertyPanel_ = nullptr;
    QLabel* propertyTitle_ = nullptr;
    QScrollArea* formArea_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QLabel* summaryLabel_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    LayerBlockItem* inputBlock_ = nullptr;
    std::vector<LayerBlockItem*> blocks_;
    int selected_ = -1;
    bool editingField_ = false;
    bool formRebuildQueued_ = false;
};

}  // namespace nw::ui
