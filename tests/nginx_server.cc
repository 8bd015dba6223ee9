#include "tests/nginx_server.h"
