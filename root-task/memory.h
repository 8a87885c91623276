// ART's memory: all free RAM, taken from sigma0 at boot, seen through a
// window at window_base + physical address; the page table that records who
// holds each frame; device memory on request.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "page_table.h"
#include "api/kip.h"

namespace art {

constexpr uint32_t window_base = 0x40000000;   // ART sees physical P at window_base + P
constexpr uint32_t window_size = 0x30000000;   // RAM up to 768 MiB (the kernel's limit too)
constexpr uint32_t device_window = 0x70000000; // device memory above the RAM window
constexpr uint32_t device_window_end = 0x80000000;
constexpr uint32_t frame_size = 4096;

inline void* window(uint32_t physical) { return reinterpret_cast<void*>(window_base + physical); }
inline uint32_t window_address(uint32_t frame) { return window_base + frame * frame_size; }

// Takes every free page, the boot modules and all I/O ports from sigma0.
void memory_init(const kapi::Kip& kip);
PageTable& page_table();

// A zeroed frame (PageState::art), or no_frame.
uint32_t frame_take_zeroed();

// Where ART sees physical memory [physical, physical + size): the RAM window
// or a place in the device window, mapped from sigma0 on first use. 0 if
// sigma0 refuses (RAM somebody else holds, the kernel's).
uint32_t device_address(uint32_t physical, uint32_t size);

// A boot module's bytes, through the window.
const uint8_t* module_bytes(const kapi::BootModule& m);

} // namespace art
