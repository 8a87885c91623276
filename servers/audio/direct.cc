// The direct driver: its DMA buffer is the owner's to write.
#include "variant.h"
#include "arc/protocol/audio.h"

namespace audio {

const bool shares_dma_buffer = true;
const char* const program_name = "audio";
const char* const service_name = arc::audio::name;

} // namespace audio
