#include "store/encoding.h"
// Not implemented yet.
