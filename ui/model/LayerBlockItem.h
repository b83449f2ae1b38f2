#pragma once
#include <QGraphicsItem>
#include <QPalette>
#include <QString>
#include <QStringList>
#include <string>

#include "DesignerHelpers.h"

namespace nw::ui {

// One block of the canvas: the input (index -1) or a layer.
class LayerBlockItem : public QGraphicsItem {
public:
    enum { Type = UserType + 71 };
    int type() const override { return Type; }

    LayerBlockItem(int index, QString title, QString detail, QString footer, std::string layerType, double height)
        : index_(index), title_(std::move(title)), detail_(std::move(detail)), footer_(std::move(footer)),
          layerType_(std::move(layerType)), height_(height) {}

    int index() const { return index_; }
    QString text() const {
        QStringList lines{title_};
        if (!detail_.isEmpty()) lines << detail_;
        lines << footer_;
        return lines.join('\n');
    }
    void setError(const QString& error) { error_ = error; setToolTip(error.isEmpty() ? QString() : error); }
    bool hasError() const { return !error_.isEmpty(); }
    void setGreyed(bool greyed) { greyed_ = greyed; }
    bool greyed() const { return greyed_; }
    void setMarked(bool marked) { if (marked_ != marked) { marked_ = marked; update(); } }
    void setPalette(const QPalette& palette) { palette_ = palette; }

    QRectF boundingRect() const override { return QRectF(-5, -5, designer::kBlockWidth + 10, height_ + 10); }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    int index_;
    QString title_, detail_, footer_;
    std::string layerType_;
    double height_;
    QString error_;
    bool greyed_ = false;
    bool marked_ = false;
    QPalette palette_;
};

}  // namespace nw::ui
