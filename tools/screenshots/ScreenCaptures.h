#pragma once
#include <QString>

namespace nw::ui {
class MainWindow;
}

namespace nw::tools {

// Saves one PNG per screen into `folder`, named after it, then quits the application.
// On MNIST: the Data and Model screens, the Train screen mid-run (fourth epoch) and after a
// single step, then the Inspect screen's gallery with the confusion matrix, one wrong
// sample's saliency, and a drawn digit. On regression data: the fit of the line.
void captureScreens(nw::ui::MainWindow& window, const QString& folder);

// Saves deploy.png, the Deploy screen serving the model of a two-epoch run with a token,
// after its displayed commands have called it (when curl is there), then quits.
void captureDeploy(nw::ui::MainWindow& window, const QString& folder);

}  // namespace nw::tools
