#include "data/CsvDataset.h"
