#include "crawler/robots.h"
// Not implemented yet.
