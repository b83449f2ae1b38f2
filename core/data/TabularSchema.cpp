#include "data/TabularSchema.h"
