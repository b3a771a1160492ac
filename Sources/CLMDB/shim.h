#ifndef FANGXIN_CLMDB_SHIM_H
#define FANGXIN_CLMDB_SHIM_H
#include <lmdb.h>
#endif
