#include "TrainingSession.h"

#include <QThread>

namespace nw::ui {

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingUpdate>();
    qRegisterMetaType<TrainingOutcome>();
    qRegisterMetaType<EpochReport>();
}

TrainingSession::~TrainingSession() { stopAndWait(5000); }

bool TrainingSession::start(TrainingRequest request, bool startPaused) {
    if (isActive()) return false;
    control_ = std::make_shared<TrainingControl>();
    if (startPaused) control_->step();
    thread_ = new QThread(this);
    thread_->setObjectName("training");
    worker_ = new TrainingWorker(std::move(request), control_);
    worker_->moveToThread(thread_);
    connect(worker_, &TrainingWorker::started, this, &TrainingSession::started);
    connect(worker_, &TrainingWorker::updated, this, &TrainingSession::updated);
    connect(worker_, &TrainingWorker::epochEnded, this, &TrainingSession::epochEnded);
    connect(worker_, &TrainingWorker::finished, this, &TrainingSession::onWorkerFinished);
    connect(thread_, &QThread::started, worker_, &TrainingWorker::run);
    setState(startPaused ? State::Paused : State::Running);
    thread_->start();
    return true;
}

void TrainingSession::pause() {
    if (state_ != State::Running) return;
    control_->pause();
    setState(State::Paused);
}

void TrainingSession::resume() {
    if (state_ != State::Paused) return;
    control_->resume();
    setState(State::Running);
}

void TrainingSession::step() {
    if (state_ != State::Running && state_ != State::Paused) return;
    control_->step();
    setState(State::Paused);
}

void TrainingSession::stop() {
    if (state_ == State::Idle || state_ == State::Stopping) return;
    control_->stop();
    setState(State::Stopping);
}

bool TrainingSession::stopAndWait(int milliseconds) {
    if (!thread_) return true;
    control_->stop();
    thread_->quit();  // takes effect once run() has returned
    if (!thread_->wait(milliseconds)) return false;
    // The thread has ended, so its objects can be deleted from here. The worker's queued
    // finished() may still arrive; onWorkerFinished passes it on without a thread to join.
    delete worker_;
    delete thread_;
    worker_ = nullptr;
    thread_ = nullptr;
    control_.reset();
    setState(State::Idle);
    return true;
}

void TrainingSession::onWorkerFinished(const TrainingOutcome& outcome) {
    if (!thread_) {
        emit finished(outcome);
        return;
    }
    // The worker returned from run(): its thread has nothing left to do.
    thread_->quit();
    thread_->wait();
    delete worker_;
    delete thread_;
    thread_ = nullptr;
    worker_ = nullptr;
    control_.reset();
    setState(State::Idle);
    emit finished(outcome);
}

void TrainingSession::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

}  // namespace nw::ui
