// Map, grant and unmap between address spaces: the flexpage arithmetic
// (lib/flexpage.h) applied to page tables, with every mapping recorded in
// the mapping database (lib/mapping_tree.h) so it can be revoked.
#pragma once
#include "api/types.h"
#include "api/syscall.h"

namespace kernel {

class Space;

// Transfers one map or grant item from `from` into `to`'s receive window.
// Pages the sender does not have are skipped, as in L4.
kapi::IpcError transfer_item(Space* from, Space* to, kapi::TypedItem item, kapi::Fpage window);

// Unmap syscall for one fpage of `space`: revokes the rights in the fpage
// from everything derived from its pages (and from the pages themselves if
// `flush`). Returns the fpage with the rights seen used (referenced / dirty).
kapi::Fpage unmap_fpage(Space* space, kapi::Fpage fpage, bool flush);

// Every mapping of the space and everything derived from them: used when a
// space is destroyed.
void revoke_all_mappings(Space* space);

unsigned mapping_node_count();

// A page of a boot task's image, entered as mapped by sigma0 (boot only).
bool map_boot_page(Space* space, uint32_t va, uint32_t phys, uint32_t rights);

} // namespace kernel
