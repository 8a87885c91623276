// Creates sigma0 and the root task from the first two multiboot modules.
#pragma once
namespace kernel {
void boot_tasks_create();
} // namespace kernel
