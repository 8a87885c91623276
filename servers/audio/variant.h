// What the two programs built from the Sound Blaster driver's sources
// differ in, one small file each (CMakeLists.txt): how the owner's samples
// reach the DMA buffer, and the names (004 section 5.1.4).
//
//   audio           direct.cc: the DMA buffer itself is shared with the
//                   owner through the P3s; the owner writes into it, and
//                   the driver only counts and reports the halves played
//   audio-buffered  buffered.cc: the owner writes a block into a session
//                   page and Puts it; the driver copies it into its half
#pragma once

namespace audio {

extern const bool shares_dma_buffer;
extern const char* const program_name;      // in the driver's own messages
extern const char* const service_name;      // at the naming server

} // namespace audio
