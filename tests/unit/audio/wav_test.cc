// The wave player's WAV parser (applications/wavplay/wav.h): the format and
// the samples of good files, and a clear problem for each kind of bad one.
#include "wav.h"

#include <gtest/gtest.h>
#include <cstring>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

void put32(Bytes& b, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put16(Bytes& b, uint16_t v)
{
    b.push_back(static_cast<uint8_t>(v));
    b.push_back(static_cast<uint8_t>(v >> 8));
}
void put_id(Bytes& b, const char* id) { b.insert(b.end(), id, id + 4); }

Bytes fmt_chunk(uint16_t format, uint16_t channels, uint32_t rate, uint16_t bits)
{
    Bytes c;
    put_id(c, "fmt ");
    put32(c, 16);
    put16(c, format);
    put16(c, channels);
    put32(c, rate);
    put32(c, rate * channels * (bits / 8));
    put16(c, static_cast<uint16_t>(channels * (bits / 8)));
    put16(c, bits);
    return c;
}

Bytes chunk(const char* id, const Bytes& body, bool pad = true)
{
    Bytes c;
    put_id(c, id);
    put32(c, static_cast<uint32_t>(body.size()));
    c.insert(c.end(), body.begin(), body.end());
    if (pad && body.size() % 2)
        c.push_back(0);
    return c;
}

Bytes riff(std::initializer_list<Bytes> chunks, const char* form = "WAVE")
{
    Bytes f;
    put_id(f, "RIFF");
    size_t size = 4;
    for (const Bytes& c : chunks)
        size += c.size();
    put32(f, static_cast<uint32_t>(size));
    put_id(f, form);
    for (const Bytes& c : chunks)
        f.insert(f.end(), c.begin(), c.end());
    return f;
}

wav::Problem parse(const Bytes& f, wav::Wave& w) { return wav::parse(f.data(), f.size(), w); }

const Bytes samples{1, 2, 3, 4, 5, 6, 7, 8};

TEST(Wav, ReadsTheFormatAndFindsTheSamplesPastOtherChunks)
{
    Bytes f = riff({fmt_chunk(1, 2, 22050, 16), chunk("LIST", {'i', 'n', 'f'}), chunk("data", samples)});
    wav::Wave w;
    ASSERT_EQ(parse(f, w), wav::Problem::none);
    EXPECT_EQ(w.rate, 22050u);
    EXPECT_EQ(w.bits, 16);
    EXPECT_EQ(w.channels, 2);
    EXPECT_EQ(w.bytes, samples.size());
    EXPECT_EQ(std::memcmp(w.samples, samples.data(), samples.size()), 0);
}

TEST(Wav, ReadsOtherSampleSizesForTheCallerToJudge)
{
    Bytes f = riff({fmt_chunk(1, 1, 96000, 24), chunk("data", {1, 2, 3, 4, 5, 6})});
    wav::Wave w;
    ASSERT_EQ(parse(f, w), wav::Problem::none);
    EXPECT_EQ(w.bits, 24);
    EXPECT_EQ(w.rate, 96000u);
}

TEST(Wav, SaysWhatIsWrongWithABrokenFile)
{
    wav::Wave w;
    EXPECT_EQ(parse(Bytes{'R', 'I', 'F'}, w), wav::Problem::not_riff);
    Bytes text(64, 'x');
    EXPECT_EQ(parse(text, w), wav::Problem::not_riff);
    EXPECT_EQ(parse(riff({chunk("data", samples)}, "AVI "), w), wav::Problem::not_wave);
    EXPECT_EQ(parse(riff({chunk("data", samples)}), w), wav::Problem::no_format);
    EXPECT_EQ(parse(riff({fmt_chunk(1, 2, 22050, 16)}), w), wav::Problem::no_data);
    EXPECT_EQ(parse(riff({}), w), wav::Problem::no_format);
    EXPECT_EQ(parse(riff({fmt_chunk(3, 2, 22050, 32), chunk("data", samples)}), w), wav::Problem::not_pcm);
    EXPECT_EQ(parse(riff({fmt_chunk(1, 0, 22050, 16), chunk("data", samples)}), w), wav::Problem::bad_format);
    EXPECT_EQ(parse(riff({fmt_chunk(1, 2, 22050, 12), chunk("data", samples)}), w), wav::Problem::bad_format);
    EXPECT_EQ(parse(riff({fmt_chunk(1, 2, 22050, 16), chunk("data", {1, 2, 3, 4, 5, 6})}), w),
              wav::Problem::partial_frame);
    // A short fmt chunk.
    EXPECT_EQ(parse(riff({chunk("fmt ", {1, 0, 2, 0}), chunk("data", samples)}), w), wav::Problem::bad_format);
    // Inconsistent block alignment.
    Bytes odd = fmt_chunk(1, 2, 22050, 16);
    odd[20] = 3;
    EXPECT_EQ(parse(riff({odd, chunk("data", samples)}), w), wav::Problem::bad_format);
}

TEST(Wav, RefusesEveryTruncation)
{
    Bytes f = riff({fmt_chunk(1, 2, 22050, 16), chunk("data", samples)});
    wav::Wave w;
    // Every shorter prefix is refused, never read past its end (ASan watches).
    for (size_t n = 0; n < f.size(); ++n) {
        Bytes prefix(f.begin(), f.begin() + static_cast<long>(n));
        EXPECT_NE(parse(prefix, w), wav::Problem::none) << n;
    }
    // A data chunk that claims more than the file holds.
    Bytes longer = f;
    longer[f.size() - samples.size() - 4] = 200;
    EXPECT_EQ(parse(longer, w), wav::Problem::truncated);
    // A size near 4 GiB must not wrap the arithmetic.
    Bytes huge = f;
    for (int i = 1; i <= 4; ++i)
        huge[f.size() - samples.size() - i] = 0xff;
    EXPECT_EQ(parse(huge, w), wav::Problem::truncated);
}

} // namespace
