#include "crawler/scope.h"
// Not implemented yet.
