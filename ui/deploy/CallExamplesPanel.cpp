#include "CallExamplesPanel.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace nw::ui {
namespace {

constexpr int kCopiedFeedbackMs = 1500;

// Tall enough for every line of the command, and for a horizontal scroll bar when the
// longest line is wider than `width`: commands are not wrapped, so what is selected and
// copied looks exactly as it will in a terminal.
void fitHeight(QPlainTextEdit* edit, int width) {
    const QStringList lines = edit->toPlainText().split('\n');
    int widest = 0;
    for (const QString& line : lines) widest = std::max(widest, edit->fontMetrics().horizontalAdvance(line));
    const int chrome = 2 * edit->frameWidth() + static_cast<int>(2 * edit->document()->documentMargin());
    const bool scrolls = widest + chrome + edit->cursorWidth() > width;
    edit->setFixedHeight(static_cast<int>(lines.size()) * edit->fontMetrics().lineSpacing() + chrome +
                         (scrolls ? edit->horizontalScrollBar()->sizeHint().height() : 0));
}

}  // namespace

CallExamplesPanel::CallExamplesPanel(QWidget* parent) : QWidget(parent) {
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(12);
}

CallExamplesPanel::Entry& CallExamplesPanel::entryFor(const QString& id) {
    auto found = entries_.find(id);
    if (found != entries_.end()) return *found;
    Entry e;
    e.box = new QWidget(this);
    e.box->setObjectName("example-" + id);
    e.title = new QLabel(e.box);
    e.title->setStyleSheet("font-weight: 600;");
    e.copy = new QPushButton(tr("Copy"), e.box);
    e.copy->setObjectName("copy-" + id);
    e.copy->setToolTip(tr("Copy the command to the clipboard"));
    e.command = new QPlainTextEdit(e.box);
    e.command->setObjectName("command-" + id);
    e.command->setReadOnly(true);
    e.command->setLineWrapMode(QPlainTextEdit::NoWrap);
    e.command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    e.command->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    e.note = new QLabel(e.box);
    e.note->setWordWrap(true);
    e.note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    e.note->setStyleSheet("color: #5f6368;");

    auto* header = new QHBoxLayout;
    header->addWidget(e.title, 1);
    header->addWidget(e.copy);
    auto* column = new QVBoxLayout(e.box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(4);
    column->addLayout(header);
    column->addWidget(e.command);
    column->addWidget(e.note);
    layout_->addWidget(e.box);
    connect(e.copy, &QPushButton::clicked, this, [this, id] { copy(id); });
    return *entries_.insert(id, e);
}

void CallExamplesPanel::setExamples(const std::vector<CallExample>& examples) {
    for (Entry& e : entries_) e.box->hide();
    for (const CallExample& example : examples) {
        Entry& e = entryFor(example.id);
        e.title->setText(example.title);
        if (e.command->toPlainText() != example.command) {
            e.command->setPlainText(example.command);
            fitHeight(e.command, width());
        }
        e.note->setText(example.note);
        e.box->show();
    }
}

void CallExamplesPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    for (const Entry& e : entries_) fitHeight(e.command, width());
}

QString CallExamplesPanel::command(const QString& id) const {
    const auto found = entries_.find(id);
    return found != entries_.end() && !found->box->isHidden() ? found->command->toPlainText() : QString();
}

QPushButton* CallExamplesPanel::copyButton(const QString& id) const {
    const auto found = entries_.find(id);
    return found != entries_.end() ? found->copy : nullptr;
}

void CallExamplesPanel::copy(const QString& id) {
    const Entry& e = entries_[id];
    QGuiApplication::clipboard()->setText(e.command->toPlainText());
    e.copy->setText(tr("Copied"));
    QTimer::singleShot(kCopiedFeedbackMs, e.copy, [button = e.copy] { button->setText(tr("Copy")); });
    emit copied(e.title->text());
}

}  // namespace nw::ui
