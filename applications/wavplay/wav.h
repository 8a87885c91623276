// The WAV files the wave player reads: a RIFF file of form WAVE with a
// `fmt ` chunk (PCM: format 1) and a `data` chunk of whole frames, other
// chunks skipped. Everything in it is little-endian; chunks are padded to
// an even size. Freestanding and header-only: tests/unit/wavplay runs it on
// the host against good and broken files.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace wav {

struct Wave {
    uint32_t rate = 0;           // frames per second
    uint16_t bits = 0;           // per sample
    uint16_t channels = 0;
    const uint8_t* samples = nullptr;    // the data chunk's contents
    size_t bytes = 0;
};

enum class Problem {
    none = 0,
    not_riff,            // no RIFF header
    not_wave,            // a RIFF file of another form (AVI ...)
    truncated,           // a chunk runs past the end of the file
    no_format,           // no fmt chunk before the data
    bad_format,          // a fmt chunk too short or inconsistent
    not_pcm,             // compressed or floating-point samples
    no_data,
    partial_frame,       // the data does not end on a whole frame
};

inline const char* describe(Problem p)
{
    switch (p) {
    case Problem::none: return "a PCM WAV file";
    case Problem::not_riff: return "not a RIFF file";
    case Problem::not_wave: return "a RIFF file, but not of form WAVE";
    case Problem::truncated: return "truncated: a chunk runs past the end of the file";
    case Problem::no_format: return "no fmt chunk before the data";
    case Problem::bad_format: return "a malformed fmt chunk";
    case Problem::not_pcm: return "not PCM samples (compressed or floating point)";
    case Problem::no_data: return "no data chunk";
    case Problem::partial_frame: return "the data ends in the middle of a frame";
    }
    return "?";
}

namespace detail {

constexpr uint32_t u32(const uint8_t* p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
constexpr uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
constexpr bool is(const uint8_t* p, const char (&id)[5])
{
    return p[0] == id[0] && p[1] == id[1] && p[2] == id[2] && p[3] == id[3];
}

constexpr size_t riff_header = 12;       // "RIFF", size, "WAVE"
constexpr size_t chunk_header = 8;       // id, size
constexpr size_t pcm_format_bytes = 16;  // format, channels, rate, byte rate, block align, bits
constexpr uint16_t format_pcm = 1;

} // namespace detail

// Finds the format and the samples of `file`; on Problem::none `out`
// describes them (its samples point into `file`).
inline Problem parse(const uint8_t* file, size_t size, Wave& out)
{
    using namespace detail;
    if (size < riff_header || !is(file, "RIFF"))
        return Problem::not_riff;
    if (!is(file + 8, "WAVE"))
        return Problem::not_wave;
    // The RIFF size may claim more than the file holds: the chunks decide.
    bool have_format = false;
    Wave w;
    uint16_t block_align = 0;
    for (size_t at = riff_header; at < size;) {
        if (size - at < chunk_header)
            return Problem::truncated;
        const uint8_t* chunk = file + at;
        uint32_t length = u32(chunk + 4);
        const uint8_t* body = chunk + chunk_header;
        if (length > size - at - chunk_header)
            return Problem::truncated;
        if (is(chunk, "fmt ")) {
            if (length < pcm_format_bytes)
                return Problem::bad_format;
            if (u16(body) != format_pcm)
                return Problem::not_pcm;
            w.channels = u16(body + 2);
            w.rate = u32(body + 4);
            uint32_t byte_rate = u32(body + 8);
            block_align = u16(body + 12);
            w.bits = u16(body + 14);
            if (w.channels == 0 || w.rate == 0 || w.bits == 0 || w.bits % 8 ||
                block_align != w.channels * (w.bits / 8) || byte_rate != w.rate * block_align)
                return Problem::bad_format;
            have_format = true;
        } else if (is(chunk, "data")) {
            if (!have_format)
                return Problem::no_format;
            if (length % block_align)
                return Problem::partial_frame;
            w.samples = body;
            w.bytes = length;
            out = w;
            return Problem::none;
        }
        at += chunk_header + length + (length & 1);
    }
    return have_format ? Problem::no_data : Problem::no_format;
}

} // namespace wav
