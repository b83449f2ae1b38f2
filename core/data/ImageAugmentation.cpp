#include "data/ImageAugmentation.h"
