#include "LayerPaletteList.h"

#include <QIcon>
#include <QMimeData>
#include <QPixmap>
#include <algorithm>
#include <string>
#include <vector>

#include "DesignerHelpers.h"
#include "nn/LayerFactory.h"

namespace nw::ui {

using namespace designer;

LayerPaletteList::LayerPaletteList(QWidget* parent) : QListWidget(parent) {
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setToolTip(QObject::tr("Drag a layer onto the canvas, or double-click to append it"));
}

void LayerPaletteList::populate(const QColor& headerColor) {
    std::vector<std::string> types = layerTypes();
    const QStringList groupOrder{tr("Core"), tr("Convolution"), tr("Regularisation"), tr("Activation")};
    std::stable_sort(types.begin(), types.end(),
                     [&](const std::string& a, const std::string& b) { return groupOrder.indexOf(groupOf(a)) < groupOrder.indexOf(groupOf(b)); });
    QString lastGroup;
    for (const auto& type : types) {
        const QString group = groupOf(type);
        if (group != lastGroup) {
            auto* header = new QListWidgetItem(group.toUpper(), this);
            QFont f = header->font();
            f.setBold(true);
            f.setPointSizeF(f.pointSizeF() * 0.85);
            header->setFont(f);
            header->setFlags(Qt::NoItemFlags);
            header->setForeground(headerColor);
            lastGroup = group;
        }
        auto* item = new QListWidgetItem(QString::fromStdString(type), this);
        item->setData(Qt::UserRole, QString::fromStdString(type));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        QPixmap swatch(10, 10);
        swatch.fill(accentOf(type));
        item->setIcon(QIcon(swatch));
        item->setToolTip(tr("Double-click to append, or drag onto the canvas: %1")
                             .arg(QString::fromStdString(defaultEntry(QString::fromStdString(type)).dump())));
    }
}

QStringList LayerPaletteList::mimeTypes() const { return {QString::fromLatin1(kLayerMime)}; }

QMimeData* LayerPaletteList::mimeData(const QList<QListWidgetItem*>& items) const {
    if (items.isEmpty()) return nullptr;
    const QString type = items.first()->data(Qt::UserRole).toString();
    if (type.isEmpty()) return nullptr;
    auto* mime = new QMimeData;
    mime->setData(kLayerMime, type.toUtf8());
    mime->setText(type);
    return mime;
}

}  // namespace nw::ui
