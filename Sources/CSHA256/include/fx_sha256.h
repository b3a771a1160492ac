#ifndef FX_SHA256_H
#define FX_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 (FIPS 180-4) with no allocation: the ledger hashes every record twice (chain and tree), and
/// swift-crypto's wrapper allocates a context per digest. Uses the x86 SHA extensions when the CPU has them.
typedef struct {
    uint32_t state[8];
    uint64_t length;
    uint8_t buffer[64];
    size_t used;
} fx_sha256;

void fx_sha256_init(fx_sha256 *context);
void fx_sha256_update(fx_sha256 *context, const void *data, size_t count);
void fx_sha256_final(fx_sha256 *context, uint8_t digest[32]);
/// Whether the x86 SHA extensions are used (for benchmarks' reports).
int fx_sha256_uses_sha_extensions(void);

#endif
