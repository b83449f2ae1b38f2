#pragma once
#include <QObject>
#include <QStringList>
#include <memory>

#include "TrainingWorker.h"

class QThread;

namespace nw::ui {

// The GUI thread's handle on one training run at a time: starts a TrainingWorker on its own
// QThread, passes pause/resume/step/stop to it through a thread-safe TrainingControl, and
// joins the thread when the run ends. Signals arrive on the GUI thread.
class TrainingSession : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };

    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    // Starts a run; with startPaused it runs exactly one batch and then waits (the first
    // press of Step). False when a run is already active.
    bool start(TrainingRequest request, bool startPaused = false);
    void pause();
    void resume();
    // Exactly one more batch, then paused.
    void step();
    // Asks the run to stop after the current batch; finished() follows.
    void stop();
    // Asks for a fresh snapshot (weights and gallery predictions) at the next batch.
    void requestSnapshot();
    // Snapshots between epoch ends too, for as long as someone watches them (this run and
    // the next ones).
    void setLiveSnapshots(bool on);
    // Stops and joins the worker thread; true when it ended within the time given.
    bool stopAndWait(int milliseconds);

    State state() const { return state_; }
    bool isActive() const { return state_ != State::Idle; }

signals:
    void stateChanged(nw::ui::TrainingSession::State state);
    void started(int epochsDone, QStringList layerNames);
    void updated(const nw::ui::TrainingUpdate& update);
    void epochEnded(const nw::EpochReport& report, const QString& checkpointPath, const QString& checkpointError);
    // The weights and gallery predictions of a moment of the run (at start, every epoch end,
    // on request, and between epochs when cheap).
    void snapshotReady(const nw::ui::TrainingSnapshot& snapshot);
    // The thread has been joined when this arrives.
    void finished(const nw::ui::TrainingOutcome& outcome);

private:
    void setState(State state);
    // Takes the worker's events and passes each on as a signal.
    void deliverEvents();
    void onWorkerFinished(const TrainingOutcome& outcome);
    // Joins the finished thread and deletes it with its worker (idempotent).
    void releaseThread();

    State state_ = State::Idle;
    bool liveSnapshots_ = false;
    std::shared_ptr<TrainingControl> control_;
    QThread* thread_ = nullptr;
    TrainingWorker* worker_ = nullptr;
};

}  // namespace nw::ui
