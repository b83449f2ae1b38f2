#pragma once
#include <QColor>
#include <QCoreApplication>
#include <QListWidget>

namespace nw::ui {

// The palette: a list of layer types whose items drag as "application/x-netwright-layer".
class LayerPaletteList : public QListWidget {
    Q_DECLARE_TR_FUNCTIONS(LayerPaletteList)
public:
    explicit LayerPaletteList(QWidget* parent);

    // Fills the list with the layer types, grouped under headers drawn in headerColor.
    void populate(const QColor& headerColor);

protected:
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
};

}  // namespace nw::ui
