// The sigma0 protocol: ask sigma0 for physical memory, mapped into the
// caller's acceptor window.
#pragma once
#include "l4/message.h"
#include "l4/syscalls.h"
#include "api/protocol.h"

// Requests the physical fpage `f` (base = physical address, or
// kapi::sigma0::any_address for any free RAM of that size) and accepts it at
// `where` in the caller's space. Returns false if sigma0 refused.
inline bool L4_Sigma0_GetPage(L4_ThreadId_t sigma0, L4_Fpage_t f, L4_Fpage_t where)
{
    L4_Accept(where);
    L4_LoadMR(0, L4_MsgTag(kapi::label::sigma0, kapi::sigma0::words).raw);
    L4_LoadMR(kapi::sigma0::fpage, f.raw);
    L4_LoadMR(kapi::sigma0::attributes, 0);
    L4_MsgTag_t tag = L4_Call(sigma0);
    L4_Accept(L4_Nilpage);
    return L4_IpcSucceeded(tag) && L4_TypedWords(tag) == 2;
}
