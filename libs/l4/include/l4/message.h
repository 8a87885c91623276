// L4_Msg_t: a message composed in memory, then loaded into the MRs.
#pragma once
#include "l4/utcb.h"

struct L4_Msg_t {
    L4_Word_t raw[kapi::mr_count];
};

inline L4_MsgTag_t L4_MsgMsgTag(const L4_Msg_t* m) { return {m->raw[0]}; }
inline void L4_MsgClear(L4_Msg_t* m) { m->raw[0] = 0; }
inline void L4_Set_MsgLabel(L4_Msg_t* m, L4_Word_t label)
{
    m->raw[0] = (m->raw[0] & 0xffff) | (label << 16);
}
inline L4_Word_t L4_MsgLabel(const L4_Msg_t* m) { return m->raw[0] >> 16; }
inline void L4_MsgAppendWord(L4_Msg_t* m, L4_Word_t w)
{
    kapi::MsgTag t{m->raw[0]};
    L4_Word_t u = t.untyped();
    m->raw[u + 1] = w;
    m->raw[0] = kapi::MsgTag::make(t.label(), u + 1, t.typed()).raw;
}
inline void L4_MsgAppendMapItem(L4_Msg_t* m, L4_MapItem_t item)
{
    kapi::MsgTag t{m->raw[0]};
    L4_Word_t at = t.words() + 1;
    m->raw[at] = item.raw[0];
    m->raw[at + 1] = item.raw[1];
    m->raw[0] = kapi::MsgTag::make(t.label(), t.untyped(), t.typed() + 2).raw;
}
inline L4_Word_t L4_MsgWord(const L4_Msg_t* m, unsigned i) { return m->raw[i + 1]; }
// A map or grant item in MR i and MR i+1 (typed items follow the untyped words).
inline void L4_LoadMapItem(unsigned i, L4_MapItem_t item) { L4_LoadMRs(i, 2, item.raw); }

// Untyped words before typed ones, as L4 requires: append words first.
inline void L4_MsgLoad(const L4_Msg_t* m)
{
    L4_LoadMRs(0, 1 + kapi::MsgTag{m->raw[0]}.words(), m->raw);
}
inline void L4_MsgStore(L4_MsgTag_t t, L4_Msg_t* m)
{
    m->raw[0] = t.raw;
    L4_StoreMRs(1, kapi::MsgTag{t.raw}.words(), m->raw + 1);
}
