#include "crawler/pdf_text.h"
// Not implemented yet.
