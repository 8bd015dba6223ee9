#include "crawler/address.h"
// Not implemented yet.
