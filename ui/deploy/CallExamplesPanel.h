#pragma once
#include <QMap>
#include <QWidget>
#include <vector>

#include "CallExamples.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace nw::ui {

// The call examples, each a title, the command in a monospace box that selects and copies
// as displayed, a Copy button (to the system clipboard) and a line on what it answers.
class CallExamplesPanel : public QWidget {
    Q_OBJECT
public:
    explicit CallExamplesPanel(QWidget* parent = nullptr);

    void setExamples(const std::vector<CallExample>& examples);
    // The command shown for an example id, empty when it is not shown.
    QString command(const QString& id) const;
    QPushButton* copyButton(const QString& id) const;

signals:
    void copied(const QString& title);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Entry {
        QWidget* box = nullptr;
        QLabel* title = nullptr;
        QPlainTextEdit* command = nullptr;
        QPushButton* copy = nullptr;
        QLabel* note = nullptr;
    };
    Entry& entryFor(const QString& id);
    void copy(const QString& id);

    QVBoxLayout* layout_ = nullptr;
    QMap<QString, Entry> entries_;
};

}  // namespace nw::ui
