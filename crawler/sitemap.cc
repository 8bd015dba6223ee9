#include "crawler/sitemap.h"
// Not implemented yet.
