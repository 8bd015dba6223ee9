#include "reports/scan_report.h"

namespace domex::reports {

const char* ItemStatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kNew:
      return "new";
    case ItemStatus::kPresent:
      return "present";
    case ItemStatus::kGone:
      return "gone";
    case ItemStatus::kChanged:
      return "changed";
  }
  return "present";
}

}  // namespace domex::reports
