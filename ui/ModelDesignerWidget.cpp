#include "ModelDesignerWidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDoubleSpinBox>
#include <QDrag>
#include <QDragEnterEvent>
#include <QFormLayout>
#include <QGraphicsItem>
#include <QGraphicsLineItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "nn/LayerFactory.h"

namespace nw::ui {

namespace {

constexpr const char* kLayerMime = "application/x-netwright-layer";
constexpr double kBlockWidth = 240;
constexpr double kGap = 30;  // vertical space between blocks (holds the arrow)

QLocale numbers() { return QLocale(QLocale::English, QLocale::UnitedStates); }

QString count(std::int64_t n) { return numbers().toString(static_cast<qlonglong>(n)); }

QString shapeText(const Shape& s) { return QString::fromStdString(shapeToString(s)); }

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette& p) { return p.color(QPalette::Base).lightnessF() < 0.5; }

QString groupOf(const std::string& type) {
    if (type == "dense" || type == "flatten") return QObject::tr("Core");
    if (type == "conv2d" || type == "maxpool2d" || type == "avgpool2d") return QObject::tr("Convolution");
    if (type == "dropout" || type == "batchnorm") return QObject::tr("Regularisation");
    return QObject::tr("Activation");
}

QColor accentOf(const std::string& type) {
    const QString g = groupOf(type);
    if (g == QObject::tr("Core")) return QColor(0x3b, 0x7d, 0xd8);
    if (g == QObject::tr("Convolution")) return QColor(0x1f, 0x9e, 0x89);
    if (g == QObject::tr("Regularisation")) return QColor(0xe0, 0x8a, 0x1e);
    return QColor(0x8e, 0x5c, 0xc9);
}

// [h, w] from n or [h, w]; fallback when absent or malformed.
std::pair<int, int> pairOf(const nlohmann::json& entry, const char* key, std::pair<int, int> fallback) {
    if (!entry.contains(key)) return fallback;
    const auto& v = entry[key];
    if (v.is_number_integer()) return {v.get<int>(), v.get<int>()};
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer())
        return {v[0].get<int>(), v[1].get<int>()};
    return fallback;
}

QString pairText(std::pair<int, int> p) { return QString("%1×%2").arg(p.first).arg(p.second); }

QString textField(const nlohmann::json& entry, const char* key, const char* fallback) {
    if (entry.contains(key) && entry[key].is_string()) return QString::fromStdString(entry[key].get<std::string>());
    return QString::fromLatin1(fallback);
}

double numberField(const nlohmann::json& entry, const char* key, double fallback) {
    if (entry.contains(key) && entry[key].is_number()) return entry[key].get<double>();
    return fallback;
}

int intField(const nlohmann::json& entry, const char* key, int fallback) {
    if (entry.contains(key) && entry[key].is_number_integer()) return entry[key].get<int>();
    return fallback;
}

QString num(double v) { return QString::number(v, 'g', 4); }

// The key parameters of a block, e.g. "128 units · relu" or "32 × 3×3 · same · relu".
QString detailText(const nlohmann::json& entry) {
    const std::string type = entry.value("type", std::string());
    const QString dot = QStringLiteral(" · ");
    if (type == "dense") {
        QString t = QObject::tr("%1 units").arg(intField(entry, "units", 0)) + dot + textField(entry, "activation", "linear");
        if (entry.contains("use_bias") && entry["use_bias"] == false) t += dot + QObject::tr("no bias");
        return t;
    }
    if (type == "conv2d") {
        QString t = QString("%1 × %2").arg(intField(entry, "filters", 0)).arg(pairText(pairOf(entry, "kernel_size", {0, 0})));
        const auto s = pairOf(entry, "strides", {1, 1});
        if (s != std::pair{1, 1}) t += dot + QObject::tr("stride %1").arg(s.first == s.second ? QString::number(s.first) : pairText(s));
        t += dot + textField(entry, "padding", "valid") + dot + textField(entry, "activation", "linear");
        return t;
    }
    if (type == "maxpool2d" || type == "avgpool2d") {
        const auto p = pairOf(entry, "pool_size", {2, 2});
        QString t = pairText(p);
        const auto s = pairOf(entry, "strides", p);
        if (s != p) t += dot + QObject::tr("stride %1").arg(s.first == s.second ? QString::number(s.first) : pairText(s));
        if (textField(entry, "padding", "valid") != "valid") t += dot + textField(entry, "padding", "valid");
        return t;
    }
    if (type == "dropout") return QObject::tr("rate %1").arg(num(numberField(entry, "rate", 0.5)));
    if (type == "batchnorm")
        return QObject::tr("momentum %1 · ε %2").arg(num(numberField(entry, "momentum", 0.99)), num(numberField(entry, "epsilon", 1e-3)));
    if (type == "leaky_relu") return QObject::tr("alpha %1").arg(num(numberField(entry, "alpha", 0.01)));
    return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
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

    QRectF boundingRect() const override { return QRectF(-5, -5, kBlockWidth + 10, height_ + 10); }

    void paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) override {
        p->setRenderHint(QPainter::Antialiasing);
        const QRectF r(0, 0, kBlockWidth, height_);
        const QColor base = palette_.color(QPalette::Base);
        const QColor text = palette_.color(QPalette::Text);
        const QColor highlight = palette_.color(QPalette::Highlight);
        const QColor red = isDark(palette_) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
        QColor fill = blend(base, palette_.color(QPalette::Button), 0.35);
        QColor border = blend(base, text, 0.35);
        QColor titleColor = text;
        QColor mutedColor = blend(text, base, 0.3);
        Qt::PenStyle style = Qt::SolidLine;
        if (index_ < 0) {
            fill = blend(base, highlight, 0.14);
            border = blend(base, highlight, 0.6);
        }
        if (hasError()) {
            fill = blend(base, red, isDark(palette_) ? 0.22 : 0.12);
            border = red;
        } else if (greyed_) {
            fill = palette_.color(QPalette::Window);
            border = blend(base, text, 0.25);
            titleColor = blend(text, base, 0.55);
            mutedColor = titleColor;
            style = Qt::DashLine;
        }
        if (marked_) {  // a ring outside the block, so an error border stays visible
            p->setPen(QPen(highlight, 2.4));
            p->setBrush(Qt::NoBrush);
            p->drawRoundedRect(r.adjusted(-3, -3, 3, 3), 11, 11);
        }
        p->setPen(QPen(border, hasError() ? 1.8 : 1.2, style));
        p->setBrush(fill);
        p->drawRoundedRect(r, 9, 9);
        if (index_ >= 0) {  // the group's colour as a stripe on the left
            QPainterPath clip;
            clip.addRoundedRect(r.adjusted(1, 1, -1, -1), 8, 8);
            p->save();
            p->setClipPath(clip);
            p->fillRect(QRectF(0, 0, 5, height_), greyed_ ? mutedColor : accentOf(layerType_));
            p->restore();
        }

        QFont font = p->font();
        QFont bold = font;
        bold.setBold(true);
        const QFontMetricsF fm(font);
        const double lineH = fm.height();
        const double left = 14, width = kBlockWidth - 24;
        const int lines = detail_.isEmpty() ? 2 : 3;
        double y = (height_ - lines * lineH - (lines - 1) * 2) / 2;
        p->setFont(bold);
        p->setPen(titleColor);
        p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                    QFontMetricsF(bold).elidedText(title_, Qt::ElideRight, width));
        y += lineH + 2;
        p->setFont(font);
        if (!detail_.isEmpty()) {
            p->setPen(titleColor);
            p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(detail_, Qt::ElideRight, width));
            y += lineH + 2;
        }
        p->setPen(hasError() ? red : mutedColor);
        p->drawText(QRectF(left, y, width, lineH), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(footer_, Qt::ElideRight, width));
    }

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

// ---------------------------------------------------------------------------------------------
// The palette: a list of layer types whose items drag as "application/x-netwright-layer".
class LayerPaletteList : public QListWidget {
public:
    explicit LayerPaletteList(QWidget* parent) : QListWidget(parent) {
        setDragEnabled(true);
        setDragDropMode(QAbstractItemView::DragOnly);
        setSelectionMode(QAbstractItemView::SingleSelection);
        setToolTip(QObject::tr("Drag a layer onto the canvas, or double-click to append it"));
    }

protected:
    QStringList mimeTypes() const override { return {QString::fromLatin1(kLayerMime)}; }
    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override {
        if (items.isEmpty()) return nullptr;
        const QString type = items.first()->data(Qt::UserRole).toString();
        if (type.isEmpty()) return nullptr;
        auto* mime = new QMimeData;
        mime->setData(kLayerMime, type.toUtf8());
        mime->setText(type);
        return mime;
    }
};

// ---------------------------------------------------------------------------------------------
// The canvas: takes palette drops, reorders blocks by dragging, Delete / Ctrl+D, context menu.
class DesignerCanvas : public QGraphicsView {
public:
    DesignerCanvas(ModelDesignerWidget* owner, QGraphicsScene* scene) : QGraphicsView(scene, owner), owner_(owner) {
        setAcceptDrops(true);
        setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        setRenderHint(QPainter::Antialiasing);
        setFocusPolicy(Qt::StrongFocus);
        setDragMode(QGraphicsView::NoDrag);
    }

protected:
    void dragEnterEvent(QDragEnterEvent* e) override {
        if (e->mimeData()->hasFormat(kLayerMime)) e->acceptProposedAction();
        else e->ignore();
    }
    void dragMoveEvent(QDragMoveEvent* e) override {
        if (!e->mimeData()->hasFormat(kLayerMime)) return e->ignore();
        e->acceptProposedAction();
        showMarker(owner_->insertionIndexAt(mapToScene(e->position().toPoint()).y()));
    }
    void dragLeaveEvent(QDragLeaveEvent* e) override {
        hideMarker();
        QGraphicsView::dragLeaveEvent(e);
    }
    void dropEvent(QDropEvent* e) override {
        hideMarker();
        if (!e->mimeData()->hasFormat(kLayerMime)) return e->ignore();
        const QString type = QString::fromUtf8(e->mimeData()->data(kLayerMime));
        const int index = owner_->insertionIndexAt(mapToScene(e->position().toPoint()).y());
        e->acceptProposedAction();
        owner_->insertLayerOfType(type, index);
    }

    void mousePressEvent(QMouseEvent* e) override {
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
    void mouseMoveEvent(QMouseEvent* e) override {
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
    void mouseReleaseEvent(QMouseEvent* e) override {
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
    void mouseDoubleClickEvent(QMouseEvent* e) override { mousePressEvent(e); }

    void keyPressEvent(QKeyEvent* e) override {
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

    void contextMenuEvent(QContextMenuEvent* e) override {
        auto* item = blockAt(e->pos());
        if (!item || item->index() < 0) return;
        owner_->selectLayer(item->index());
        owner_->showBlockMenu(item->index(), e->globalPos());
    }

private:
    LayerBlockItem* blockAt(const QPoint& pos) const {
        for (auto* it : items(pos))
            if (it->type() == LayerBlockItem::Type) return static_cast<LayerBlockItem*>(it);
        return nullptr;
    }
    void showMarker(int index) {
        if (!marker_) {
            marker_ = scene()->addLine(QLineF(), QPen(palette().color(QPalette::Highlight), 3, Qt::SolidLine, Qt::RoundCap));
            marker_->setZValue(20);
        }
        const double y = owner_->gapY(index);
        marker_->setLine(-10, y, kBlockWidth + 10, y);
        marker_->show();
    }
public:
    // The scene was cleared, and the marker with it.
    void forgetMarker() { marker_ = nullptr; }

private:
    void hideMarker() {
        if (marker_) marker_->hide();
    }

    ModelDesignerWidget* owner_;
    QGraphicsLineItem* marker_ = nullptr;
    int pressIndex_ = -1;
    QPoint pressPos_;
    double pressItemY_ = 0;
    bool dragging_ = false;
};

// ---------------------------------------------------------------------------------------------

nlohmann::json ModelDesignerWidget::defaultEntry(const QString& typeName) {
    const std::string type = typeName.toStdString();
    if (type == "dense") return {{"type", "dense"}, {"units", 64}, {"activation", "relu"}};
    if (type == "conv2d")
        return {{"type", "conv2d"}, {"filters", 16}, {"kernel_size", {3, 3}}, {"padding", "valid"}, {"activation", "relu"}};
    if (type == "maxpool2d" || type == "avgpool2d") return {{"type", type}, {"pool_size", {2, 2}}};
    if (type == "dropout") return {{"type", "dropout"}, {"rate", 0.25}};
    return {{"type", type}};
}

ModelDesignerWidget::ModelDesignerWidget(ModelDocument& document, QWidget* parent) : QWidget(parent), doc_(document) {
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Palette.
    palette_ = new LayerPaletteList(splitter);
    palette_->setObjectName("layerPalette");
    palette_->setMinimumWidth(140);
    splitter->addWidget(palette_);
    std::vector<std::string> types = layerTypes();
    const QStringList groupOrder{tr("Core"), tr("Convolution"), tr("Regularisation"), tr("Activation")};
    std::stable_sort(types.begin(), types.end(),
                     [&](const std::string& a, const std::string& b) { return groupOrder.indexOf(groupOf(a)) < groupOrder.indexOf(groupOf(b)); });
    QString lastGroup;
    for (const auto& type : types) {
        const QString group = groupOf(type);
        if (group != lastGroup) {
            auto* header = new QListWidgetItem(group.toUpper(), palette_);
            QFont f = header->font();
            f.setBold(true);
            f.setPointSizeF(f.pointSizeF() * 0.85);
            header->setFont(f);
            header->setFlags(Qt::NoItemFlags);
            header->setForeground(palette().color(QPalette::PlaceholderText));
            lastGroup = group;
        }
        auto* item = new QListWidgetItem(QString::fromStdString(type), palette_);
        item->setData(Qt::UserRole, QString::fromStdString(type));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        QPixmap swatch(10, 10);
        swatch.fill(accentOf(type));
        item->setIcon(QIcon(swatch));
        item->setToolTip(tr("Double-click to append, or drag onto the canvas: %1")
                             .arg(QString::fromStdString(defaultEntry(QString::fromStdString(type)).dump())));
    }
    connect(palette_, &QListWidget::itemDoubleClicked, this, &ModelDesignerWidget::onPaletteDoubleClicked);

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

    connect(&doc_, &ModelDocument::changed, this, &ModelDesignerWidget::onDocumentChanged);
    onDocumentChanged();
}

void ModelDesignerWidget::onPaletteDoubleClicked(QListWidgetItem* item) {
    if (!item) return;
    const QString type = item->data(Qt::UserRole).toString();
    if (!type.isEmpty()) appendLayerOfType(type);
}

void ModelDesignerWidget::insertLayerOfType(const QString& type, int index) {
    if (index < 0 || index > doc_.layerCount()) index = doc_.layerCount();
    doc_.insertLayer(index, defaultEntry(type));
    selectLayer(index);
}

void ModelDesignerWidget::removeSelectedLayer() {
    const int index = selected_;
    if (index < 0 || index >= doc_.layerCount()) return;
    doc_.removeLayer(index);
    selectLayer(std::min(index, doc_.layerCount() - 1));
}

void ModelDesignerWidget::duplicateSelectedLayer() {
    const int index = selected_;
    if (index < 0 || index >= doc_.layerCount()) return;
    doc_.duplicateLayer(index);
    selectLayer(index + 1);
}

void ModelDesignerWidget::moveBlock(int from, int to) {
    if (to < 0 || to >= doc_.layerCount() || from == to) return;
    doc_.moveLayer(from, to);
    selectLayer(to);
}

void ModelDesignerWidget::showBlockMenu(int index, const QPoint& globalPos) {
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

void ModelDesignerWidget::onDocumentChanged() {
    if (selected_ >= doc_.layerCount()) selected_ = -1;
    rebuildScene();
    if (editingField_) updateErrorLabel();
    else rebuildForm();
    updateSummary();
}

LayerBlockItem* ModelDesignerWidget::block(int index) const {
    if (index < 0) return inputBlock_;
    if (index >= static_cast<int>(blocks_.size())) return nullptr;
    return blocks_[index];
}

double ModelDesignerWidget::gapY(int index) const {
    if (blocks_.empty()) return inputBlock_ ? inputBlock_->y() + inputBlock_->boundingRect().height() - 10 + kGap / 2 : 0;
    if (index >= static_cast<int>(blocks_.size())) {
        const auto* last = blocks_.back();
        return last->y() + last->boundingRect().height() - 10 + kGap / 2;
    }
    return blocks_[std::max(index, 0)]->y() - kGap / 2;
}

int ModelDesignerWidget::insertionIndexAt(double sceneY, int ignoredBlock) const {
    int index = 0;
    for (int i = 0; i < static_cast<int>(blocks_.size()); ++i) {
        if (i == ignoredBlock) continue;
        const double centre = blocks_[i]->y() + (blocks_[i]->boundingRect().height() - 10) / 2;
        if (centre < sceneY) ++index;
    }
    return index;
}

void ModelDesignerWidget::rebuildScene() {
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

void ModelDesignerWidget::updateSelectionMarks() {
    for (auto* b : blocks_) b->setMarked(b->index() == selected_);
}

void ModelDesignerWidget::selectLayer(int index) {
    if (index < 0 || index >= doc_.layerCount()) index = -1;
    const bool changedSelection = index != selected_;
    selected_ = index;
    updateSelectionMarks();
    if (auto* b = block(selected_); b && selected_ >= 0) view_->ensureVisible(b, 10, 20);
    rebuildForm();
    if (changedSelection) emit selectionChanged(selected_);
}

void ModelDesignerWidget::setField(int index, const std::string& field, const nlohmann::json& value) {
    editingField_ = true;
    doc_.setLayerField(index, field, value);
    editingField_ = false;
}

void ModelDesignerWidget::rebuildForm() {
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

    auto intSpin = [&](const char* field, const QString& label, int lo, int hi, int fallback) {
        auto* spin = new QSpinBox(form);
        spin->setObjectName(QString("field_%1").arg(field));
        spin->setRange(lo, hi);
        spin->setValue(intField(entry, field, fallback));
        spin->setGroupSeparatorShown(true);
        const std::string f = field;
        connect(spin, &QSpinBox::valueChanged, this, [this, index, f](int v) { setField(index, f, v); });
        layout->addRow(label, spin);
    };
    auto pairSpin = [&](const char* field, const QString& label, std::pair<int, int> fallback, int hi) {
        const auto value = pairOf(entry, field, fallback);
        auto* row = new QWidget(form);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* hs = new QSpinBox(row);
        auto* ws = new QSpinBox(row);
        hs->setObjectName(QString("field_%1_h").arg(field));
        ws->setObjectName(QString("field_%1_w").arg(field));
        for (auto* s : {hs, ws}) s->setRange(1, hi);
        hs->setValue(value.first);
        ws->setValue(value.second);
        hs->setToolTip(tr("height"));
        ws->setToolTip(tr("width"));
        h->addWidget(hs, 1);
        h->addWidget(new QLabel(QStringLiteral("×"), row));
        h->addWidget(ws, 1);
        const std::string f = field;
        auto write = [this, index, f, hs, ws] { setField(index, f, nlohmann::json::array({hs->value(), ws->value()})); };
        connect(hs, &QSpinBox::valueChanged, this, write);
        connect(ws, &QSpinBox::valueChanged, this, write);
        layout->addRow(label, row);
    };
    auto combo = [&](const char* field, const QString& label, const QStringList& choices, const char* fallback, bool rebuild) {
        auto* box = new QComboBox(form);
        box->setObjectName(QString("field_%1").arg(field));
        box->addItems(choices);
        const QString current = textField(entry, field, fallback);
        if (box->findText(current) < 0) box->addItem(current);
        box->setCurrentText(current);
        const std::string f = field;
        connect(box, &QComboBox::currentTextChanged, this, [this, index, f, rebuild](const QString& v) {
            setField(index, f, v.toStdString());
            if (rebuild && !formRebuildQueued_) {  // fields depend on this one (alpha)
                formRebuildQueued_ = true;
                QTimer::singleShot(0, this, [this] {
                    formRebuildQueued_ = false;
                    rebuildForm();
                });
            }
        });
        layout->addRow(label, box);
    };
    auto doubleSpin = [&](const char* field, const QString& label, double lo, double hi, double step, int decimals, double fallback) {
        auto* spin = new QDoubleSpinBox(form);
        spin->setObjectName(QString("field_%1").arg(field));
        spin->setDecimals(decimals);
        spin->setRange(lo, hi);
        spin->setSingleStep(step);
        spin->setValue(numberField(entry, field, fallback));
        const std::string f = field;
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, index, f](double v) { setField(index, f, v); });
        layout->addRow(label, spin);
    };
    auto check = [&](const char* field, const QString& label, bool fallback) {
        auto* box = new QCheckBox(form);
        box->setObjectName(QString("field_%1").arg(field));
        box->setChecked(entry.contains(field) && entry[field].is_boolean() ? entry[field].get<bool>() : fallback);
        const std::string f = field;
        connect(box, &QCheckBox::toggled, this, [this, index, f](bool v) { setField(index, f, v); });
        layout->addRow(label, box);
    };
    const QStringList activations{"linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"};
    const QStringList initializers{"glorot_uniform", "glorot_normal", "he_uniform", "he_normal"};
    const QStringList paddings{"valid", "same"};
    const bool leaky = textField(entry, "activation", "linear") == "leaky_relu";

    if (type == "dense") {
        intSpin("units", tr("Units"), 1, 65536, 64);
        combo("activation", tr("Activation"), activations, "linear", true);
        if (leaky) doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
        check("use_bias", tr("Use bias"), true);
        combo("initializer", tr("Initializer"), initializers, "glorot_uniform", false);
    } else if (type == "conv2d") {
        intSpin("filters", tr("Filters"), 1, 4096, 16);
        pairSpin("kernel_size", tr("Kernel"), {3, 3}, 256);
        pairSpin("strides", tr("Strides"), {1, 1}, 256);
        combo("padding", tr("Padding"), paddings, "valid", false);
        combo("activation", tr("Activation"), activations, "linear", true);
        if (leaky) doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
        check("use_bias", tr("Use bias"), true);
        combo("initializer", tr("Initializer"), initializers, "glorot_uniform", false);
    } else if (type == "maxpool2d" || type == "avgpool2d") {
        const auto pool = pairOf(entry, "pool_size", {2, 2});
        pairSpin("pool_size", tr("Pool size"), {2, 2}, 256);
        pairSpin("strides", tr("Strides"), pool, 256);
        combo("padding", tr("Padding"), paddings, "valid", false);
    } else if (type == "dropout") {
        doubleSpin("rate", tr("Rate"), 0, 0.95, 0.05, 2, 0.5);
    } else if (type == "batchnorm") {
        doubleSpin("momentum", tr("Momentum"), 0, 0.9999, 0.01, 4, 0.99);
        doubleSpin("epsilon", tr("Epsilon"), 0.000001, 1, 0.0001, 6, 0.001);
    } else if (type == "leaky_relu") {
        doubleSpin("alpha", tr("Alpha"), 0, 1, 0.01, 3, 0.01);
    } else {
        auto* none = new QLabel(tr("No settings."), form);
        none->setForegroundRole(QPalette::PlaceholderText);
        layout->addRow(none);
    }
    formArea_->setWidget(form);
    form->setAutoFillBackground(false);
    updateErrorLabel();
}

void ModelDesignerWidget::updateErrorLabel() {
    const auto& layers = doc_.summary().layers;
    QString error;
    if (selected_ >= 0 && selected_ < static_cast<int>(layers.size())) error = QString::fromStdString(layers[selected_].error);
    const QColor red = isDark(palette()) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    errorLabel_->setStyleSheet(QString("color: %1;").arg(red.name()));
    errorLabel_->setText(error);
    errorLabel_->setVisible(!error.isEmpty());
}

QString ModelDesignerWidget::selectedErrorText() const { return errorLabel_->text(); }

void ModelDesignerWidget::updateSummary() {
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

QString ModelDesignerWidget::summaryText() const {
    QTextDocument d;
    d.setHtml(summaryLabel_->text());
    return d.toPlainText() + '\n' + statusLabel_->text();
}

QString ModelDesignerWidget::blockText(int index) const {
    const auto* b = block(index);
    return b ? b->text() : QString();
}

QString ModelDesignerWidget::blockToolTip(int index) const {
    const auto* b = block(index);
    return b ? b->toolTip() : QString();
}

bool ModelDesignerWidget::blockShowsError(int index) const {
    const auto* b = block(index);
    return b && b->hasError();
}

bool ModelDesignerWidget::blockIsGreyed(int index) const {
    const auto* b = block(index);
    return b && b->greyed();
}

}  // namespace nw::ui
