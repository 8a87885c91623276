#include "identify.h"

namespace pata {

namespace {
constexpr uint16_t not_ata = 0x8000;          // word 0
constexpr unsigned model_first = 27, model_words = 20;
constexpr unsigned lba28_low = 60, lba28_high = 61;
constexpr unsigned command_sets = 83;         // word 83 bit 10: 48-bit address feature set
constexpr uint16_t lba48_supported = 1u << 10;
constexpr unsigned lba48_first = 100;         // words 100..103

// The model string: two characters per word, the first in the high byte;
// padded with spaces, which are dropped at the end.
void read_model(const uint16_t (&words)[256], char (&model)[41])
{
    for (unsigned i = 0; i < model_words; ++i) {
        uint16_t w = words[model_first + i];
        model[2 * i] = static_cast<char>(w >> 8);
        model[2 * i + 1] = static_cast<char>(w & 0xff);
    }
    model[40] = '\0';
    for (int i = 39; i >= 0 && (model[i] == ' ' || model[i] == '\0'); --i)
        model[i] = '\0';
    for (unsigned i = 0; i < 40; ++i)
        if (model[i] != '\0' && (model[i] < ' ' || model[i] > '~'))
            model[i] = '?';
}
} // namespace

bool parse_identify(const uint16_t (&words)[256], DriveInfo& info)
{
    if (words[0] & not_ata)
        return false;
    info = DriveInfo{};
    read_model(words, info.model);
    uint64_t lba28 = static_cast<uint64_t>(words[lba28_high]) << 16 | words[lba28_low];
    info.lba48 = (words[command_sets] & lba48_supported) != 0 && words[command_sets] != 0xffff;
    uint64_t lba48 = 0;
    for (unsigned i = 0; i < 4; ++i)
        lba48 |= static_cast<uint64_t>(words[lba48_first + i]) << (16 * i);
    info.sectors = info.lba48 && lba48 > lba28 ? lba48 : lba28;
    return info.sectors != 0;
}

} // namespace pata
