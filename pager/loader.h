// Getting a program's ELF image into the P3: from the window ART mapped
// (boot servers) or by reading the file from a file system server.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/protocol/code_faults.h"
#include "arc/status.h"
#include "l4/types.h"

namespace p3 {

struct Job {
    L4_ThreadId_t main;          // the process's first thread
    L4_Word_t pid;
    L4_ThreadId_t naming;
    bool in_window;              // ImageSource::window
    L4_Word_t image_address;
    L4_Word_t image_size;
    char fs[16];
    char path[128];
    char args[128];
    char name[32];
    arc::code_faults::Plan faults;   // load-time faults to inject (empty: none)
};

// Asks ART for this P3's job.
bool get_job(Job& job);

// The program's bytes: in the window, or read from job.fs into the P3's heap.
// On failure `why` and `message` say why ("not found").
const uint8_t* read_image(const Job& job, size_t& size, arc::Status& why, char* message, size_t message_size);

} // namespace p3
