// The crash recorder: an LD_PRELOAD interposer that writes, in order, every change a process makes to the files
// of one directory (writes, syncs, truncations, creations) and everything it prints on standard output, so that
// the crash explorer can build the files as a crash at any moment could have left them.
//
//   CRASH_RECORDER_DIRECTORY  the directory whose files are recorded (an absolute path)
//   CRASH_RECORDER_TRACE      the file the trace is written to
//
// The trace is a sequence of records, each a 24-byte little-endian header followed by `length` bytes:
//   u8 kind, u8[3] zero, u32 file, u64 offset, u64 length
// kind 1 open      file is numbered by first open; offset bit 0: created by this open, bit 1: O_DSYNC or O_SYNC,
//                  bit 2: a directory; the bytes are the path
// kind 2 write     the bytes written at offset (as many as the call wrote)
// kind 6 write     the same, through a descriptor opened O_DSYNC or O_SYNC: durable once the call returned
// kind 7 unlink    the file's name is removed; a later file of that path is numbered anew
// kind 3 sync      fsync or fdatasync of the file (of a directory: its entries)
// kind 4 truncate  the file's size becomes offset
// kind 5 output    bytes written to standard output (the workload's acknowledgements)
// One mutex orders each call with its record, so the trace's order is the order the kernel saw.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { kindOpen = 1, kindWrite = 2, kindSync = 3, kindTruncate = 4, kindOutput = 5, kindSynchronousWrite = 6, kindUnlink = 7 };
enum { descriptorsMax = 65536, filesMax = 256 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int traceDescriptor = -1;
static char directory[PATH_MAX];
static size_t directoryLength;
static int fileOfDescriptor[descriptorsMax]; // file number + 1; 0 when not recorded
static unsigned char isSynchronous[descriptorsMax];
static char *paths[filesMax];
static int fileCount;

static int (*realOpen)(const char *, int, ...);
static int (*realOpenat)(int, const char *, int, ...);
static int (*realClose)(int);
static ssize_t (*realWrite)(int, const void *, size_t);
static ssize_t (*realPwrite)(int, const void *, size_t, off_t);
static ssize_t (*realWritev)(int, const struct iovec *, int);
static ssize_t (*realPwritev)(int, const struct iovec *, int, off_t);
static int (*realFsync)(int);
static int (*realFdatasync)(int);
static int (*realFtruncate)(int, off_t);
static int (*realUnlinkat)(int, const char *, int);

__attribute__((constructor)) static void start(void) {
    realOpen = dlsym(RTLD_NEXT, "open");
    realOpenat = dlsym(RTLD_NEXT, "openat");
    realClose = dlsym(RTLD_NEXT, "close");
    realWrite = dlsym(RTLD_NEXT, "write");
    realPwrite = dlsym(RTLD_NEXT, "pwrite");
    realWritev = dlsym(RTLD_NEXT, "writev");
    realPwritev = dlsym(RTLD_NEXT, "pwritev");
    realFsync = dlsym(RTLD_NEXT, "fsync");
    realFdatasync = dlsym(RTLD_NEXT, "fdatasync");
    realFtruncate = dlsym(RTLD_NEXT, "ftruncate");
    realUnlinkat = dlsym(RTLD_NEXT, "unlinkat");
    const char *recorded = getenv("CRASH_RECORDER_DIRECTORY"), *trace = getenv("CRASH_RECORDER_TRACE");
    if (!recorded || !trace || strlen(recorded) >= sizeof directory - 1) return;
    strcpy(directory, recorded);
    directoryLength = strlen(directory);
    while (directoryLength > 1 && directory[directoryLength - 1] == '/') directory[--directoryLength] = 0;
    traceDescriptor = realOpen(trace, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static void emit(const void *bytes, size_t count) {
    const char *next = bytes;
    while (count > 0) {
        ssize_t written = realWrite(traceDescriptor, next, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) abort(); // a trace with a hole would be explored as if it were whole
        next += written;
        count -= (size_t)written;
    }
}

static void record(int kind, int file, uint64_t offset, const void *bytes, uint64_t length) {
    unsigned char header[24] = {0};
    header[0] = (unsigned char)kind;
    for (int i = 0; i < 4; i++) header[4 + i] = (unsigned char)((uint32_t)file >> (8 * i));
    for (int i = 0; i < 8; i++) header[8 + i] = (unsigned char)(offset >> (8 * i));
    for (int i = 0; i < 8; i++) header[16 + i] = (unsigned char)(length >> (8 * i));
    emit(header, sizeof header);
    if (length > 0) emit(bytes, length);
}

static int recordedFile(int descriptor) {
    if (traceDescriptor < 0 || descriptor < 0 || descriptor >= descriptorsMax) return -1;
    return fileOfDescriptor[descriptor] - 1;
}

// The absolute path of `path` when it lies in the recorded directory (or is it), else 0.
static int inDirectory(const char *path, char *absolute) {
    if (path[0] == '/') {
        if (strlen(path) >= PATH_MAX) return 0;
        strcpy(absolute, path);
    } else {
        char here[PATH_MAX];
        if (!getcwd(here, sizeof here) || strlen(here) + 1 + strlen(path) >= PATH_MAX) return 0;
        strcpy(absolute, here);
        strcat(absolute, "/");
        strcat(absolute, path);
    }
    size_t length = strlen(absolute);
    while (length > 1 && absolute[length - 1] == '/') absolute[--length] = 0;
    if (strncmp(absolute, directory, directoryLength) != 0) return 0;
    return absolute[directoryLength] == 0 || absolute[directoryLength] == '/';
}

// open(path) is openat(AT_FDCWD, path): every form ends here, and only files of the directory take the lock.
static int openWith(int at, const char *path, int flags, mode_t mode) {
    char absolute[PATH_MAX];
    if (traceDescriptor < 0 || (at != AT_FDCWD && path[0] != '/') || !inDirectory(path, absolute))
        return realOpenat(at, path, flags, mode);
    pthread_mutex_lock(&lock);
    int existed = access(absolute, F_OK) == 0;
    int descriptor = realOpenat(at, path, flags, mode);
    if (descriptor >= 0 && descriptor < descriptorsMax) {
        int file = -1;
        for (int i = 0; i < fileCount; i++) if (paths[i][0] && strcmp(paths[i], absolute) == 0) file = i;
        if (file < 0 && fileCount < filesMax) {
            file = fileCount++;
            paths[file] = strdup(absolute);
        }
        if (file < 0) abort(); // more files than the trace can name
        struct stat status;
        int isDirectory = fstat(descriptor, &status) == 0 && S_ISDIR(status.st_mode);
        uint64_t facts = (existed ? 0 : 1) | ((flags & (O_DSYNC | O_SYNC)) ? 2 : 0) | (isDirectory ? 4 : 0);
        fileOfDescriptor[descriptor] = file + 1;
        isSynchronous[descriptor] = (flags & (O_DSYNC | O_SYNC)) != 0;
        record(kindOpen, file, facts, absolute, strlen(absolute));
    }
    pthread_mutex_unlock(&lock);
    return descriptor;
}

int open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list list; va_start(list, flags); mode = va_arg(list, mode_t); va_end(list); }
    return openWith(AT_FDCWD, path, flags, mode);
}
int open64(const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list list; va_start(list, flags); mode = va_arg(list, mode_t); va_end(list); }
    return openWith(AT_FDCWD, path, flags, mode);
}
int openat(int at, const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list list; va_start(list, flags); mode = va_arg(list, mode_t); va_end(list); }
    return openWith(at, path, flags, mode);
}
int openat64(int at, const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list list; va_start(list, flags); mode = va_arg(list, mode_t); va_end(list); }
    return openWith(at, path, flags, mode);
}

int close(int descriptor) {
    if (recordedFile(descriptor) < 0) return realClose(descriptor);
    pthread_mutex_lock(&lock);
    fileOfDescriptor[descriptor] = 0;
    int result = realClose(descriptor);
    pthread_mutex_unlock(&lock);
    return result;
}

static ssize_t written(int descriptor, const void *bytes, size_t count, off_t at, int positioned) {
    int file = recordedFile(descriptor);
    int output = descriptor == STDOUT_FILENO && traceDescriptor >= 0;
    if (file < 0 && !output) return positioned ? realPwrite(descriptor, bytes, count, at) : realWrite(descriptor, bytes, count);
    pthread_mutex_lock(&lock);
    off_t offset = positioned ? at : lseek(descriptor, 0, SEEK_CUR);
    if (!positioned && file >= 0 && (fcntl(descriptor, F_GETFL) & O_APPEND)) offset = lseek(descriptor, 0, SEEK_END);
    ssize_t result = positioned ? realPwrite(descriptor, bytes, count, at) : realWrite(descriptor, bytes, count);
    if (result > 0) {
        if (file >= 0) record(isSynchronous[descriptor] ? kindSynchronousWrite : kindWrite, file, (uint64_t)offset, bytes, (uint64_t)result);
        else record(kindOutput, 0, 0, bytes, (uint64_t)result);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

ssize_t write(int descriptor, const void *bytes, size_t count) { return written(descriptor, bytes, count, 0, 0); }
ssize_t pwrite(int descriptor, const void *bytes, size_t count, off_t at) { return written(descriptor, bytes, count, at, 1); }
ssize_t pwrite64(int descriptor, const void *bytes, size_t count, off_t at) { return written(descriptor, bytes, count, at, 1); }

// Gathered writes are recorded as one write of their bytes in order: what the kernel may tear is found by sector.
static ssize_t gathered(int descriptor, const struct iovec *vector, int count, off_t at, int positioned) {
    int file = recordedFile(descriptor);
    if (file < 0 && !(descriptor == STDOUT_FILENO && traceDescriptor >= 0))
        return positioned ? realPwritev(descriptor, vector, count, at) : realWritev(descriptor, vector, count);
    size_t total = 0;
    for (int i = 0; i < count; i++) total += vector[i].iov_len;
    char *bytes = malloc(total ? total : 1);
    if (!bytes) { errno = ENOMEM; return -1; }
    size_t filled = 0;
    for (int i = 0; i < count; i++) { memcpy(bytes + filled, vector[i].iov_base, vector[i].iov_len); filled += vector[i].iov_len; }
    ssize_t result = written(descriptor, bytes, total, at, positioned);
    free(bytes);
    return result;
}

ssize_t writev(int descriptor, const struct iovec *vector, int count) { return gathered(descriptor, vector, count, 0, 0); }
ssize_t pwritev(int descriptor, const struct iovec *vector, int count, off_t at) { return gathered(descriptor, vector, count, at, 1); }
ssize_t pwritev64(int descriptor, const struct iovec *vector, int count, off_t at) { return gathered(descriptor, vector, count, at, 1); }

static int synced(int descriptor, int (*call)(int)) {
    int file = recordedFile(descriptor);
    if (file < 0) return call(descriptor);
    pthread_mutex_lock(&lock);
    int result = call(descriptor);
    if (result == 0) record(kindSync, file, 0, 0, 0);
    pthread_mutex_unlock(&lock);
    return result;
}

int fsync(int descriptor) { return synced(descriptor, realFsync); }
int fdatasync(int descriptor) { return synced(descriptor, realFdatasync); }

static int truncated(int descriptor, off_t size) {
    int file = recordedFile(descriptor);
    if (file < 0) return realFtruncate(descriptor, size);
    pthread_mutex_lock(&lock);
    int result = realFtruncate(descriptor, size);
    if (result == 0) record(kindTruncate, file, (uint64_t)size, 0, 0);
    pthread_mutex_unlock(&lock);
    return result;
}

int ftruncate(int descriptor, off_t size) { return truncated(descriptor, size); }
int ftruncate64(int descriptor, off_t size) { return truncated(descriptor, size); }

// Renames are not recorded: the ledger makes none, and a trace that missed one would be explored wrongly.
static int unlinked(int at, const char *path, int flags) {
    char absolute[PATH_MAX];
    if (traceDescriptor < 0 || (at != AT_FDCWD && path[0] != '/') || !inDirectory(path, absolute))
        return realUnlinkat(at, path, flags);
    pthread_mutex_lock(&lock);
    int result = realUnlinkat(at, path, flags);
    if (result == 0) {
        for (int i = 0; i < fileCount; i++) {
            if (paths[i][0] && strcmp(paths[i], absolute) == 0) {
                record(kindUnlink, i, 0, 0, 0);
                paths[i][0] = 0;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int unlink(const char *path) { return unlinked(AT_FDCWD, path, 0); }
int unlinkat(int at, const char *path, int flags) { return unlinked(at, path, flags); }
int rmdir(const char *path) { return unlinked(AT_FDCWD, path, AT_REMOVEDIR); }
