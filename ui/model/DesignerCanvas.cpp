#include "DesignerCanvas.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QMimeData>
#include <algorithm>

#include "DesignerHelpers.h"
#include "LayerBlockItem.h"
#include "ModelScreen.h"

namespace nw::ui {

using namespace designer;

DesignerCanvas::DesignerCanvas(ModelScreen* owner, QGraphicsScene* scene) : QGraphicsView(scene, owner), owner_(owner) {
    setAcceptDrops(true);
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    setDragMode(QGraphicsView::NoDrag);
}

void DesignerCanvas::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasFormat(kLayerMime)) e->acceptProposedAction();
    else e->ignore();
}

void DesignerCanvas::dragMoveEvent(QDragMoveEvent* e) {
    if (!e->mimeData()->hasFormat(kLayerMime)) return e->ignore();
    e->acceptProposedAction();
    showMarker(owner_->insertionIndexAt(mapToScene(e->position().toPoint()).y()));
}

void DesignerCanvas::dragLeaveEvent(QDragLeaveEvent* e) {
    hideMarker();
    QGraphicsView::dragLeaveEvent(e);
}

void DesignerCanvas::dropEvent(QDropEvent* e) {
    hideMarker();
    if (!e->mimeData()->hasFormat(kLayerMime)) return e->ignore();
    const QString type = QString::fromUtf8(e->mimeData()->data(kLayerMime));
    const int index = owner_->insertionIndexAt(mapToScene(e->position().toPoint()).y());
    e->acceptProposedAction();
    owner_->insertLayerOfType(type, index);
}

void DesignerCanvas::mousePressEvent(QMouseEvent* e) {
    setFocus();
    auto* item = blockAt(e->pos());
    if (e->button() == Qt::LeftButton) {
        pressIndex_ = item ? item->index() : -1;
        pressPos_ = e->pos();
        dragging_ = false;
        if (item && item->index() >= 0) {
            pressItemY_ = item->y();
            owner_->selectLayer(item->index());
        } else if (!item) {
            owner_->selectLayer(-1);
        }
        e->accept();
        return;
    }
    QGraphicsView::mousePressEvent(e);
}

void DesignerCanvas::mouseMoveEvent(QMouseEvent* e) {
    if ((e->buttons() & Qt::LeftButton) && pressIndex_ >= 0) {
        if (!dragging_ && (e->pos() - pressPos_).manhattanLength() >= QApplication::startDragDistance()) dragging_ = true;
        if (dragging_) {
            if (auto* item = owner_->block(pressIndex_)) {
                item->setZValue(10);
                item->setOpacity(0.85);
                item->setY(pressItemY_ + (e->pos().y() - pressPos_.y()));
                const double centre = item->y() + (item->boundingRect().height() - 10) / 2;
                const int target = owner_->insertionIndexAt(centre, pressIndex_);
                showMarker(target >= pressIndex_ ? target + 1 : target);
            }
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(e);
}

void DesignerCanvas::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && dragging_) {
        dragging_ = false;
        hideMarker();
        const int from = pressIndex_;
        pressIndex_ = -1;
        int to = from;
        if (auto* item = owner_->block(from)) to = owner_->insertionIndexAt(item->y() + (item->boundingRect().height() - 10) / 2, from);
        if (to != from) owner_->moveBlock(from, to);
        else owner_->rebuildScene();  // put it back
        return;
    }
    pressIndex_ = -1;
    QGraphicsView::mouseReleaseEvent(e);
}

void DesignerCanvas::keyPressEvent(QKeyEvent* e) {
    if ((e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) && owner_->selectedLayer() >= 0) {
        owner_->removeSelectedLayer();
        return;
    }
    if (e->key() == Qt::Key_D && (e->modifiers() & Qt::ControlModifier) && owner_->selectedLayer() >= 0) {
        owner_->duplicateSelectedLayer();
        return;
    }
    if ((e->key() == Qt::Key_Up || e->key() == Qt::Key_Down) && owner_->doc_.layerCount() > 0) {
        const int step = e->key() == Qt::Key_Up ? -1 : 1;
        const int cur = owner_->selectedLayer();
        if (e->modifiers() & Qt::AltModifier) {
            if (cur >= 0) owner_->moveBlock(cur, cur + step);
        } else {
            owner_->selectLayer(std::clamp(cur < 0 ? 0 : cur + step, 0, owner_->doc_.layerCount() - 1));
        }
        return;
    }
    QGraphicsView::keyPressEvent(e);
}

void DesignerCanvas::contextMenuEvent(QContextMenuEvent* e) {
    auto* item = blockAt(e->pos());
    if (!item || item->index() < 0) return;
    owner_->selectLayer(item->index());
    owner_->showBlockMenu(item->index(), e->globalPos());
}

LayerBlockItem* DesignerCanvas::blockAt(const QPoint& pos) const {
    for (auto* it : items(pos))
        if (it->type() == LayerBlockItem::Type) return static_cast<LayerBlockItem*>(it);
    return nullptr;
}

void DesignerCanvas::showMarker(int index) {
    if (!marker_) {
        marker_ = scene()->addLine(QLineF(), QPen(palette().color(QPalette::Highlight), 3, Qt::SolidLine, Qt::RoundCap));
        marker_->setZValue(20);
    }
    const double y = owner_->gapY(index);
    marker_->setLine(-10, y, kBlockWidth + 10, y);
    marker_->show();
}

void DesignerCanvas::hideMarker() {
    if (marker_) marker_->hide();
}

}  // namespace nw::ui
