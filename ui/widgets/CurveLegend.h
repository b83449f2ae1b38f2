#pragma once
#include <QPen>
#include <QString>
#include <QWidget>
#include <vector>

namespace nw::ui {

// A chart legend that wraps onto more rows instead of eliding names: QChart's own legend
// keeps to one row and cuts "run 2 (adam): validation" down to "run 2 ...", which is
// useless once a few runs are overlaid. Each entry shows the curve's pen (dashes and point
// markers included) and its full name.
class CurveLegend : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QPen pen;
        bool marker = false;
        QString name;
        bool operator==(const Entry&) const = default;
    };

    explicit CurveLegend(QWidget* parent = nullptr);

    void setEntries(std::vector<Entry> entries);
    const std::vector<Entry>& entries() const { return entries_; }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    // Where each entry goes at this width, row after row, centred like QChart's legend.
    std::vector<QRect> layoutEntries(int width) const;
    int entryWidth(const Entry& entry) const;

    std::vector<Entry> entries_;
};

}  // namespace nw::ui
