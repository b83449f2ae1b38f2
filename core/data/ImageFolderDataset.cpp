#include "data/ImageFolderDataset.h"
