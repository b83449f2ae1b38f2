#include "LayerStatisticsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace nw::ui {

namespace {

enum class Verdict { Healthy, Large, Tiny, NoWeights, NotFinite };

struct VerdictLook {
    QString text;
    QColor foreground;
    QColor background;
};

Verdict verdictOf(const LayerStatistics& s) {
    if (!std::isfinite(s.gradientNorm) || !std::isfinite(s.updateNorm) || !std::isfinite(s.weightNorm))
        return Verdict::NotFinite;
    if (s.weightNorm <= 0.0) return Verdict::NoWeights;
    const double ratio = s.updateRatio();
    if (ratio > 1e-2) return Verdict::Large;
    if (ratio < 1e-5) return Verdict::Tiny;
    return Verdict::Healthy;
}

VerdictLook lookOf(Verdict v) {
    switch (v) {
        case Verdict::Large:
            return {LayerStatisticsPanel::tr("large — learning rate may be too high"), QColor("#b71c1c"), QColor("#fdecea")};
        case Verdict::Tiny:
            return {LayerStatisticsPanel::tr("tiny — learning rate may be too low"), QColor("#7a5200"), QColor("#fff4d6")};
        case Verdict::Healthy:
            return {LayerStatisticsPanel::tr("healthy (≈1e-3 is typical)"), QColor("#1b5e20"), QColor("#e8f5e9")};
        case Verdict::NoWeights:
            return {LayerStatisticsPanel::tr("no ratio — the weights were all zero"), QColor("#616161"), QColor()};
        case Verdict::NotFinite:
            return {LayerStatisticsPanel::tr("not a number — the step diverged"), QColor("#b71c1c"), QColor("#fdecea")};
    }
    return {};
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(alignment | Qt::AlignVCenter);
    return item;
}

}  // namespace

LayerStatisticsPanel::LayerStatisticsPanel(QWidget* parent) : QWidget(parent) {
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(6);

    header_ = new QLabel(this);
    header_->setObjectName("statisticsHeader");
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    root->addWidget(header_);

    auto* explanation = new QLabel(
        tr("Update/weight is how much one step changed a layer compared with its size. About 1e-3 is typical; "
           "far above, the learning rate is too high; far below, too low."),
        this);
    explanation->setObjectName("statisticsExplanation");
    explanation->setWordWrap(true);
    explanation->setForegroundRole(QPalette::PlaceholderText);
    root->addWidget(explanation);

    summary_ = new QLabel(this);
    summary_->setObjectName("statisticsSummary");
    summary_->setWordWrap(true);
    root->addWidget(summary_);

    stack_ = new QStackedWidget(this);
    placeholder_ = new QLabel(tr("Press Step (F10) to run one batch and see what it did to each layer."), stack_);
    placeholder_->setObjectName("statisticsPlaceholder");
    placeholder_->setWordWrap(true);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);
    placeholder_->setMargin(12);
    stack_->addWidget(placeholder_);

    table_ = new QTableWidget(0, ColumnCount, stack_);
    table_->setObjectName("layerStatisticsTable");
    const QStringList headers{tr("Layer"), tr("‖gradient‖"), tr("‖update‖"), tr("‖weights‖"), tr("update/weight"),
                              tr("Verdict")};
    const QStringList tips{
        tr("A layer with parameters (weights and biases together)"),
        tr("Size (L2 norm) of the gradient: how strongly the loss pulls on this layer's weights"),
        tr("Size of the change the optimizer made: the learning rate times the optimizer's step"),
        tr("Size of the weights before the step"),
        tr("‖update‖ / ‖weights‖: the fraction by which the step changed the layer"),
        tr("Above 1e-2 the learning rate is likely too high, below 1e-5 too low")};
    for (int c = 0; c < ColumnCount; ++c) {
        auto* item = new QTableWidgetItem(headers[c]);
        item->setToolTip(tips[c]);
        const bool number = c != LayerColumn && c != VerdictColumn;
        item->setTextAlignment((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        table_->setHorizontalHeaderItem(c, item);
    }
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table_->setMinimumHeight(120);
    stack_->addWidget(table_);
    root->addWidget(stack_, 1);

    clear();
}

QString LayerStatisticsPanel::formatNumber(double value) {
    if (std::isnan(value)) return QStringLiteral("nan");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value == 0.0) return QStringLiteral("0");
    // Plain figures where they read easily (norms of a layer are usually 0.01 … 1000);
    // scientific notation for the small ratios and anything outside that range.
    if (std::fabs(value) >= 1e-2 && std::fabs(value) < 1e4) return QString::number(value, 'g', 3);
    const QString text = QString::number(value, 'e', 2);  // "1.23e-03"
    const int e = text.indexOf(QLatin1Char('e'));
    return text.left(e) + QLatin1Char('e') + QString::number(text.mid(e + 1).toInt());
}

void LayerStatisticsPanel::setStatistics(const std::vector<LayerStatistics>& layers, long long step) {
    step_ = step;
    header_->setText(tr("After step %1").arg(step));
    header_->show();

    table_->setRowCount(static_cast<int>(layers.size()));
    int large = 0, tiny = 0, diverged = 0;
    for (int row = 0; row < static_cast<int>(layers.size()); ++row) {
        const LayerStatistics& s = layers[static_cast<std::size_t>(row)];
        const Verdict verdict = verdictOf(s);
        const VerdictLook look = lookOf(verdict);
        large += verdict == Verdict::Large;
        tiny += verdict == Verdict::Tiny;
        diverged += verdict == Verdict::NotFinite;

        const QString ratio = verdict == Verdict::NoWeights ? QStringLiteral("—") : formatNumber(s.updateRatio());
        table_->setItem(row, LayerColumn, cell(QString::fromStdString(s.layer), Qt::AlignLeft));
        table_->setItem(row, GradientColumn, cell(formatNumber(s.gradientNorm), Qt::AlignRight));
        table_->setItem(row, UpdateColumn, cell(formatNumber(s.updateNorm), Qt::AlignRight));
        table_->setItem(row, WeightColumn, cell(formatNumber(s.weightNorm), Qt::AlignRight));
        table_->setItem(row, RatioColumn, cell(ratio, Qt::AlignRight));
        table_->setItem(row, VerdictColumn, cell(look.text, Qt::AlignLeft));
        const QString tip = tr("%1: update/weight %2 — %3").arg(QString::fromStdString(s.layer), ratio, look.text);
        for (int c = 0; c < ColumnCount; ++c) table_->item(row, c)->setToolTip(tip);
        for (int c : {static_cast<int>(RatioColumn), static_cast<int>(VerdictColumn)}) {
            table_->item(row, c)->setForeground(look.foreground);
            if (look.background.isValid()) table_->item(row, c)->setBackground(look.background);
        }
    }
    table_->resizeColumnsToContents();
    for (int c = 0; c < VerdictColumn; ++c) table_->setColumnWidth(c, table_->columnWidth(c) + 12);  // air between columns

    QStringList summary;
    QString colour = "#1b5e20";
    if (diverged > 0) {
        summary << tr("The step produced NaN or infinite values: the learning rate is far too high, or the inputs are "
                      "not normalised.");
        colour = "#b71c1c";
    }
    if (large > 0) {
        summary << (large == 1 ? tr("1 layer changed a lot in one step: try a smaller learning rate.")
                               : tr("%1 layers changed a lot in one step: try a smaller learning rate.").arg(large));
        colour = "#b71c1c";
    }
    if (tiny > 0) {
        summary << (tiny == 1 ? tr("1 layer barely moved: try a larger learning rate.")
                              : tr("%1 layers barely moved: try a larger learning rate.").arg(tiny));
        if (large == 0 && diverged == 0) colour = "#7a5200";
    }
    if (layers.empty()) {
        summary << tr("The model has no layer with weights.");
        colour = "#616161";
    } else if (summary.isEmpty()) {
        summary << tr("Every layer moved by a healthy amount.");
    }
    summary_->setText(summary.join(QLatin1Char(' ')));
    summary_->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    summary_->show();
    stack_->setCurrentWidget(table_);
}

void LayerStatisticsPanel::clear() {
    step_ = -1;
    table_->setRowCount(0);
    header_->clear();
    header_->hide();
    summary_->clear();
    summary_->hide();
    stack_->setCurrentWidget(placeholder_);
}

}  // namespace nw::ui
