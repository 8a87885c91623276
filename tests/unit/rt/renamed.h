// Declarations of rt's C functions as compiled by renamed.cc.
#pragma once
#include <stddef.h>
#include <stdint.h>

extern "C" {
void* rtt_memcpy(void* dst, const void* src, size_t n) noexcept;
void* rtt_memmove(void* dst, const void* src, size_t n) noexcept;
void* rtt_memset(void* dst, int value, size_t n) noexcept;
int rtt_memcmp(const void* a, const void* b, size_t n) noexcept;
int rtt_bcmp(const void* a, const void* b, size_t n) noexcept;
void* rtt_memchr(const void* s, int c, size_t n) noexcept;
size_t rtt_strlen(const char* s) noexcept;
size_t rtt_strnlen(const char* s, size_t max) noexcept;
int rtt_strcmp(const char* a, const char* b) noexcept;
int rtt_strncmp(const char* a, const char* b, size_t n) noexcept;
char* rtt_strchr(const char* s, int c) noexcept;
char* rtt_strrchr(const char* s, int c) noexcept;
size_t rtt_strlcpy(char* dst, const char* src, size_t size) noexcept;
size_t rtt_strlcat(char* dst, const char* src, size_t size) noexcept;

uint64_t rtt___udivdi3(uint64_t n, uint64_t d);
uint64_t rtt___umoddi3(uint64_t n, uint64_t d);
uint64_t rtt___udivmoddi4(uint64_t n, uint64_t d, uint64_t* remainder);
int64_t rtt___divdi3(int64_t n, int64_t d);
int64_t rtt___moddi3(int64_t n, int64_t d);
int64_t rtt___divmoddi4(int64_t n, int64_t d, int64_t* remainder);

void* rtt_malloc(size_t size) noexcept;
void rtt_free(void* pointer) noexcept;
void* rtt_calloc(size_t count, size_t size) noexcept;
void* rtt_realloc(void* pointer, size_t size) noexcept;
void* rtt_aligned_alloc(size_t align, size_t size) noexcept;
}
