// The double-buffered driver: the owner Puts blocks through a session and
// the driver copies them into the DMA buffer.
#include "variant.h"
#include "arc/protocol/audio.h"

namespace audio {

const bool shares_dma_buffer = false;
const char* const program_name = "audio-buffered";
const char* const service_name = arc::audio::buffered_name;

} // namespace audio
