#include "DatasetLoader.h"

#include <QElapsedTimer>
#include <QThread>
#include <exception>
#include <mutex>

namespace nw::ui {

namespace {

// Thrown from the progress callback to unwind loadDataset when a cancel was requested.
struct LoadCancelled {};

class LoadWorker : public QObject {
    Q_OBJECT
public:
    LoadWorker(std::string nameOrPath, DatasetOptions options, std::shared_ptr<std::atomic<bool>> cancel)
        : nameOrPath_(std::move(nameOrPath)), options_(std::move(options)), cancel_(std::move(cancel)) {}

    void run() {
        QElapsedTimer sinceReport;
        bool reported = false;
        options_.progress = [&](double fraction) {
            if (cancel_->load()) throw LoadCancelled{};
            if (!reported || sinceReport.elapsed() >= 33 || fraction >= 1.0) {
                reported = true;
                sinceReport.restart();
                emit progress(fraction);
            }
        };
        try {
            auto data = std::make_shared<const Dataset>(loadDataset(nameOrPath_, options_));
            if (cancel_->load()) {
                emit cancelled();
            } else {
                // Handed over under a std::mutex rather than as a signal argument: Qt's event
                // queue is invisible to ThreadSanitizer, this lock is not.
                {
                    std::lock_guard lock(resultMutex_);
                    result_ = std::move(data);
                }
                emit loaded();
            }
        } catch (const LoadCancelled&) {
            emit cancelled();
        } catch (const std::exception& e) {
            emit failed(QString::fromStdString(e.what()));
        } catch (...) {
            emit failed(tr("Loading failed for an unknown reason."));
        }
        QThread::currentThread()->quit();
        // The last touch of this object on its thread; the loader takes the same lock before
        // deleting it, which orders the two for ThreadSanitizer (QThread::wait() does not).
        std::lock_guard lock(resultMutex_);
        returned_ = true;
    }

    // After the thread has ended: true once run() is over.
    bool hasReturned() {
        std::lock_guard lock(resultMutex_);
        return returned_;
    }

    std::shared_ptr<const Dataset> takeResult() {
        std::lock_guard lock(resultMutex_);
        return std::move(result_);
    }

signals:
    void progress(double fraction);
    void loaded();
    void failed(const QString& message);
    void cancelled();

private:
    std::string nameOrPath_;
    DatasetOptions options_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::mutex resultMutex_;
    std::shared_ptr<const Dataset> result_;
    bool returned_ = false;
};

}  // namespace

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

DatasetLoader::~DatasetLoader() {
    for (Job& job : jobs_) job.cancel->store(true);
    for (Job& job : jobs_) {
        job.thread->quit();
        job.thread->wait();
        static_cast<LoadWorker*>(job.worker)->hasReturned();
        delete job.worker;
        delete job.thread;
    }
}

void DatasetLoader::start(const QString& nameOrPath, DatasetOptions options) {
    cancel();  // an earlier load still running is abandoned
    const int id = nextId_++;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    auto* worker = new LoadWorker(nameOrPath.toStdString(), std::move(options), flag);
    auto* thread = new QThread;
    thread->setObjectName(QStringLiteral("DatasetLoader"));
    worker->moveToThread(thread);
    connect(thread, &QThread::started, worker, &LoadWorker::run);
    connect(worker, &LoadWorker::progress, this, [this, id](double fraction) {
        if (id == current_) emit progress(fraction);
    });
    connect(worker, &LoadWorker::loaded, this, [this, id, worker] {
        if (id != current_) return;
        current_ = 0;
        emit loaded(worker->takeResult());
    });
    connect(worker, &LoadWorker::failed, this, [this, id](const QString& message) {
        if (id != current_) return;
        current_ = 0;
        emit failed(message);
    });
    connect(worker, &LoadWorker::cancelled, this, [this, id] {
        if (id != current_) return;
        current_ = 0;
        emit cancelled();
    });
    connect(thread, &QThread::finished, this, [this, id] { finishJob(id); });
    jobs_.push_back({id, thread, worker, flag});
    current_ = id;
    thread->start();
}

void DatasetLoader::cancel() {
    if (!current_) return;
    for (Job& job : jobs_)
        if (job.id == current_) job.cancel->store(true);
    // The id stays current until the worker answers, so `cancelled` is still delivered.
}

void DatasetLoader::finishJob(int id) {
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
        if (it->id != id) continue;
        it->thread->wait();
        static_cast<LoadWorker*>(it->worker)->hasReturned();
        delete it->worker;
        delete it->thread;
        jobs_.erase(it);
        break;
    }
    // A worker that ended without a report (it should not) must not leave the loader busy.
    if (id == current_) current_ = 0;
}

}  // namespace nw::ui

#include "DatasetLoader.moc"
