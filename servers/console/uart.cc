#include "uart.h"
#include "arc/port_io.h"

namespace console::uart {

namespace {
using arc::port_io::in8;
using arc::port_io::out8;

// Registers, as offsets from the base port (with the divisor latch off).
constexpr uint16_t data = base + 0;              // receive buffer / transmit holding
constexpr uint16_t interrupt_enable = base + 1;
constexpr uint16_t fifo_control = base + 2;
constexpr uint16_t modem_control = base + 4;
constexpr uint16_t line_status = base + 5;

constexpr uint8_t enable_receive_interrupt = 0x01;
// FIFO on, both FIFOs cleared, interrupt at every byte (trigger level 1):
// an interactive line wants each key at once, not after 14 of them.
constexpr uint8_t fifo_enable = 0x01, fifo_clear_receive = 0x02, fifo_clear_transmit = 0x04,
                  fifo_trigger_1 = 0x00;
// DTR and RTS tell the other end we are there; OUT2 connects the UART's
// interrupt output to the PIC on PCs.
constexpr uint8_t modem_dtr = 0x01, modem_rts = 0x02, modem_out2 = 0x08;
constexpr uint8_t status_data_ready = 0x01, status_transmit_empty = 0x20;

constexpr char line_feed = '\n', carriage_return = '\r';

void put(char c)
{
    while ((in8(line_status) & status_transmit_empty) == 0) {
    }
    out8(data, static_cast<uint8_t>(c));
}
} // namespace

void init()
{
    out8(interrupt_enable, 0);
    out8(fifo_control, fifo_enable | fifo_clear_receive | fifo_clear_transmit | fifo_trigger_1);
    out8(modem_control, modem_dtr | modem_rts | modem_out2);
    out8(interrupt_enable, enable_receive_interrupt);
}

void write(const char* text, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        if (text[i] == line_feed)
            put(carriage_return);
        put(text[i]);
    }
}

size_t receive(char* out, size_t capacity)
{
    size_t n = 0;
    while (n < capacity && (in8(line_status) & status_data_ready))
        out[n++] = static_cast<char>(in8(data));
    return n;
}

} // namespace console::uart
