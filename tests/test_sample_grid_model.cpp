// The Data screen's sample model: right label and image for a row, on real MNIST.
#include <QtTest>

#include "SampleGridModel.h"
#include "data/DatasetCatalog.h"

using namespace nw;
using nw::ui::SampleGridModel;

class SampleGridModelTest : public QObject {
    Q_OBJECT
private slots:
    void mnistRowsHaveTheirLabelAndPixels() {
        const char* dir = std::getenv("NETWRIGHT_DATA_DIR");
        DatasetOptions options;
        options.dataDir = dir ? dir : "data";
        auto mnist = std::make_shared<const Dataset>(loadDataset("mnist", options));
        SampleGridModel model;
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setDataset(mnist);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 60000);
        for (int row : {0, 1, 59999}) {
            const QModelIndex index = model.index(row);
            const int label = static_cast<int>(mnist->train.target(static_cast<std::size_t>(row)));
            QCOMPARE(model.data(index, SampleGridModel::LabelRole).toInt(), label);
            QCOMPARE(model.data(index).toString(), QString::number(label));
            const QImage image = model.data(index, Qt::DecorationRole).value<QImage>();
            QCOMPARE(image.size(), QSize(28, 28));
            const auto raw = mnist->train.rawSample(static_cast<std::size_t>(row));
            for (int y : {5, 14, 20})
                for (int x : {7, 14, 21}) QCOMPARE(qGray(image.pixel(x, y)), static_cast<int>(raw[y * 28 + x]));
        }
        QCOMPARE(model.data(model.index(0)).toString(), QString("5"));  // MNIST's first training digit
        model.setDataset(mnist, SampleGridModel::Split::Test);
        QCOMPARE(model.rowCount(), 10000);
        model.setDataset(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void tabularDataHasNoImage() {
        auto data = std::make_shared<Dataset>(makeLinearDataset(10, 1));
        SampleGridModel model;
        model.setDataset(data);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(model.data(model.index(3), Qt::DecorationRole).value<QImage>().isNull());
        QVERIFY(!model.data(model.index(3)).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(SampleGridModelTest)
#include "test_sample_grid_model.moc"
