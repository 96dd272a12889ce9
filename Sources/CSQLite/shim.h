// SQLite's C API. Swift calls it directly; nothing needs wrapping yet.
#include <sqlite3.h>
