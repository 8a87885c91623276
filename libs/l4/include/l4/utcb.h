// The calling thread's UTCB and its message and buffer registers.
#pragma once
#include "l4/types.h"

inline kapi::Utcb* L4_Utcb()
{
    kapi::Utcb* u;
    asm("mov %%gs:0, %0" : "=r"(u));
    return u;
}

inline L4_ThreadId_t L4_Myself() { return {L4_Utcb()->my_global_id.raw}; }
inline L4_ThreadId_t L4_Pager() { return {L4_Utcb()->pager.raw}; }
inline L4_Word_t L4_ErrorCode() { return L4_Utcb()->error_code; }
inline L4_Word_t L4_UserDefinedHandle() { return L4_Utcb()->user_defined_handle; }

inline void L4_LoadMR(unsigned i, L4_Word_t w) { L4_Utcb()->mr[i] = w; }
inline void L4_StoreMR(unsigned i, L4_Word_t* w) { *w = L4_Utcb()->mr[i]; }
inline L4_Word_t L4_MR(unsigned i) { return L4_Utcb()->mr[i]; }
inline void L4_LoadMRs(unsigned i, unsigned k, const L4_Word_t* w)
{
    for (unsigned n = 0; n < k; ++n)
        L4_Utcb()->mr[i + n] = w[n];
}
inline void L4_StoreMRs(unsigned i, unsigned k, L4_Word_t* w)
{
    for (unsigned n = 0; n < k; ++n)
        w[n] = L4_Utcb()->mr[i + n];
}
inline void L4_Set_MsgTag(L4_MsgTag_t t) { L4_Utcb()->mr[0] = t.raw; }
inline L4_MsgTag_t L4_MsgTagOf() { return {L4_Utcb()->mr[0]}; }

// BR0: the window in which this thread accepts mappings.
inline void L4_Accept(L4_Fpage_t window) { L4_Utcb()->br[0] = window.raw & ~0xfu; }
