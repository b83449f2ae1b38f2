#pragma once
#include <QGraphicsView>
#include <QPoint>

class QGraphicsLineItem;

namespace nw::ui {

class LayerBlockItem;
class ModelScreen;

// The canvas: takes palette drops, reorders blocks by dragging, Delete / Ctrl+D, context menu.
class DesignerCanvas : public QGraphicsView {
public:
    DesignerCanvas(ModelScreen* owner, QGraphicsScene* scene);

    // The scene was cleared, and the marker with it.
    void forgetMarker() { marker_ = nullptr; }

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dragLeaveEvent(QDragLeaveEvent* e) override;
    void dropEvent(QDropEvent* e) override;

    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override { mousePressEvent(e); }

    void keyPressEvent(QKeyEvent* e) override;

    void contextMenuEvent(QContextMenuEvent* e) override;

private:
    LayerBlockItem* blockAt(const QPoint& pos) const;
    void showMarker(int index);
    void hideMarker();

    ModelScreen* owner_;
    QGraphicsLineItem* marker_ = nullptr;
    int pressIndex_ = -1;
    QPoint pressPos_;
    double pressItemY_ = 0;
    bool dragging_ = false;
};

}  // namespace nw::ui
