#include "dma.h"
#include "arc/port_io.h"

namespace art {

void isa_dma_start(uint32_t channel, uint32_t physical, uint32_t bytes, bool auto_init)
{
    isa_dma::PortWrite writes[isa_dma::start_writes];
    isa_dma::start(channel, physical, bytes, auto_init, writes);
    for (const isa_dma::PortWrite& w : writes)
        arc::port_io::out8(w.port, w.value);
}

void isa_dma_stop(uint32_t channel)
{
    isa_dma::PortWrite w = isa_dma::stop(channel);
    arc::port_io::out8(w.port, w.value);
}

} // namespace art
