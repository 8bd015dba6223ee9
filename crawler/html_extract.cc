#include "crawler/html_extract.h"
// Not implemented yet.
