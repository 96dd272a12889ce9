// libpq, the PostgreSQL client library. Swift calls it directly; nothing needs wrapping yet.
#include <libpq-fe.h>
