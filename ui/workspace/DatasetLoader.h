#pragma once
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

#include "data/Dataset.h"
#include "data/DatasetCatalog.h"

class QThread;

namespace nw::ui {

// Runs nw::loadDataset on a worker thread (one QThread per load) and reports back on the
// thread that owns the loader: progress (throttled to at most ~30 reports a second), the
// loaded set, a failure message, or a cancellation. Starting a new load abandons the one
// in flight (it is asked to stop and its result is dropped). Destroying the loader asks
// every running load to stop and waits for its thread.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    void start(const QString& nameOrPath, DatasetOptions options);
    bool isLoading() const { return current_ != 0; }
    // Asks the current load to stop; `cancelled` follows once the worker has noticed.
    void cancel();

signals:
    void progress(double fraction);
    void loaded(std::shared_ptr<const nw::Dataset> data);
    void failed(const QString& message);
    void cancelled();

private:
    struct Job {
        int id;
        QThread* thread;
        QObject* worker;
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    void finishJob(int id);

    std::vector<Job> jobs_;
    int nextId_ = 1;
    int current_ = 0;  // id of the load whose results count; 0: none
};

}  // namespace nw::ui
