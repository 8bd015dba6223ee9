#include "reports/crawl_report.h"
// Not implemented yet.
