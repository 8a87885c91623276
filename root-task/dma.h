// ART's hands on the ISA DMA controllers: the writes isa_dma.h computes,
// performed on the controllers' ports (ART holds every port).
#pragma once
#include <stdint.h>
#include "isa_dma.h"

namespace art {

// `channel` (check() passed) starts on [physical, physical + bytes).
void isa_dma_start(uint32_t channel, uint32_t physical, uint32_t bytes, bool auto_init);
// `channel` is masked: its transfer stops where it is.
void isa_dma_stop(uint32_t channel);

} // namespace art
