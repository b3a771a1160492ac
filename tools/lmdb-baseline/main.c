/*
 * lmdb-baseline: the raw LMDB rates that `fangxin bench` compares the ledger against.
 *
 * Appends N values of V bytes under 8-byte big-endian keys with MDB_APPEND, in transactions of B values,
 * without syncing each commit (MDB_NOSYNC) and with one sync at the end; then scans them all with a cursor.
 * No hash, no index, no envelope: the floor for what LMDB itself costs on this machine.
 *
 * usage: lmdb-baseline --dir DIR [--events N] [--batch B] [--value-bytes V]
 * prints one JSON object: {"append":{...},"scan":{...}}
 */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
    if (rc != MDB_SUCCESS) {
        fprintf(stderr, "lmdb-baseline: %s: %s\n", what, mdb_strerror(rc));
        exit(2);
    }
}

static void put_be64(unsigned char *out, uint64_t value) {
    for (int i = 7; i >= 0; i--) { out[i] = (unsigned char)(value & 0xff); value >>= 8; }
}

int main(int argc, char **argv) {
    const char *dir = NULL;
    long long events = 1000000, batch = 10000, value_bytes = 256;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
        else if (strcmp(argv[i], "--events") == 0) events = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--batch") == 0) batch = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--value-bytes") == 0) value_bytes = atoll(argv[i + 1]);
        else { fprintf(stderr, "lmdb-baseline: unknown option %s\n", argv[i]); return 64; }
    }
    if (dir == NULL || events < 1 || batch < 1 || value_bytes < 1) {
        fprintf(stderr, "usage: lmdb-baseline --dir DIR [--events N] [--batch B] [--value-bytes V]\n");
        return 64;
    }
    mkdir(dir, 0755);

    MDB_env *env;
    check(mdb_env_create(&env), "create");
    size_t map_size = (size_t)(events * (value_bytes + 64) * 2 + (64 << 20));
    check(mdb_env_set_mapsize(env, map_size), "set map size");
    check(mdb_env_set_maxdbs(env, 1), "set max databases");
    check(mdb_env_open(env, dir, MDB_NOSYNC, 0644), "open");

    unsigned char *value = malloc((size_t)value_bytes);
    for (long long i = 0; i < value_bytes; i++) value[i] = (unsigned char)(i * 31 + 7);
    unsigned char key_bytes[8];
    MDB_dbi dbi;

    double start = now_seconds();
    long long written = 0;
    while (written < events) {
        MDB_txn *txn;
        check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
        if (written == 0) check(mdb_dbi_open(txn, "records", MDB_CREATE, &dbi), "open dbi");
        for (long long i = 0; i < batch && written < events; i++) {
            written++;
            put_be64(key_bytes, (uint64_t)written);
            MDB_val key = { 8, key_bytes }, data = { (size_t)value_bytes, value };
            check(mdb_put(txn, dbi, &key, &data, MDB_APPEND), "put");
        }
        check(mdb_txn_commit(txn), "commit");
    }
    check(mdb_env_sync(env, 1), "sync");
    double append_seconds = now_seconds() - start;

    start = now_seconds();
    MDB_txn *txn;
    MDB_cursor *cursor;
    check(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), "begin read");
    check(mdb_cursor_open(txn, dbi, &cursor), "cursor");
    MDB_val key, data;
    long long scanned = 0;
    uint64_t checksum = 0;
    while (mdb_cursor_get(cursor, &key, &data, scanned == 0 ? MDB_FIRST : MDB_NEXT) == MDB_SUCCESS) {
        checksum += ((unsigned char *)key.mv_data)[7] + data.mv_size;
        scanned++;
    }
    mdb_cursor_close(cursor);
    mdb_txn_abort(txn);
    double scan_seconds = now_seconds() - start;
    mdb_env_close(env);
    free(value);

    printf("{\"append\":{\"events\":%lld,\"seconds\":%.6f,\"eventsPerSecond\":%.0f},"
           "\"scan\":{\"events\":%lld,\"seconds\":%.6f,\"eventsPerSecond\":%.0f,\"checksum\":%llu}}\n",
           written, append_seconds, written / append_seconds,
           scanned, scan_seconds, scanned / scan_seconds, (unsigned long long)checksum);
    return 0;
}
