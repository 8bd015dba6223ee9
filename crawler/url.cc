#include "crawler/url.h"
// Not implemented yet.
