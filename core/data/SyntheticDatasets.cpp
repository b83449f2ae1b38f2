#include "data/SyntheticDatasets.h"
