#include "crawler/charset.h"
// Not implemented yet.
