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
    worker_->setLiveSnapshots(liveSnapshots_);
    worker_->moveToThread(thread_);
    connect(worker_, &TrainingWorker::eventsReady, this, &TrainingSession::deliverEvents, Qt::QueuedConnection);
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

void TrainingSession::requestSnapshot() {
    if (worker_) worker_->requestSnapshot();
}

void TrainingSession::setLiveSnapshots(bool on) {
    liveSnapshots_ = on;
    if (worker_) worker_->setLiveSnapshots(on);
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
    // The worker has posted its outcome; pass it on now rather than from a later event.
    deliverEvents();
    releaseThread();
    setState(State::Idle);
    return true;
}

void TrainingSession::deliverEvents() {
    if (!worker_) return;  // a wake-up that arrived after the run was wound up
    for (auto& event : worker_->takeEvents()) {
        if (auto* e = std::get_if<TrainingStarted>(&event)) emit started(e->epochsDone, e->layerNames);
        else if (auto* u = std::get_if<TrainingUpdate>(&event)) emit updated(*u);
        else if (auto* r = std::get_if<TrainingEpochEnded>(&event)) emit epochEnded(r->report, r->checkpointPath, r->checkpointError);
        else if (auto* p = std::get_if<TrainingSnapshot>(&event)) emit snapshotReady(*p);
        else if (auto* o = std::get_if<TrainingOutcome>(&event)) onWorkerFinished(*o);
    }
}

void TrainingSession::onWorkerFinished(const TrainingOutcome& outcome) {
    // The worker posts its outcome as the last thing run() does: the thread is ending.
    releaseThread();
    setState(State::Idle);
    emit finished(outcome);
}

void TrainingSession::releaseThread() {
    if (!thread_) return;
    thread_->quit();
    thread_->wait();
    worker_->hasReturned();
    delete worker_;
    delete thread_;
    worker_ = nullptr;
    thread_ = nullptr;
    control_.reset();
}

void TrainingSession::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

}  // namespace nw::ui
