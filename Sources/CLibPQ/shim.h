#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

// pkg-config (libpq.pc) adds -I/usr/include/postgresql; without it, fall back to Debian's path.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

#endif
