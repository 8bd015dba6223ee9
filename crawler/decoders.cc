#include "crawler/decoders.h"
// Not implemented yet.
