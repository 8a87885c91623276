// L4 X.2 types for user programs, over the kernel's ABI words (kernel/api).
#pragma once
#include <stdint.h>
#include "api/types.h"
#include "api/utcb.h"

typedef kapi::Word L4_Word_t;
typedef uint64_t L4_Word64_t;
typedef bool L4_Bool_t;

struct L4_ThreadId_t {
    L4_Word_t raw;
    constexpr bool operator==(const L4_ThreadId_t&) const = default;
};
struct L4_MsgTag_t {
    L4_Word_t raw;
};
struct L4_Fpage_t {
    L4_Word_t raw;
};
struct L4_Time_t {
    uint16_t raw;
};
struct L4_MapItem_t {
    L4_Word_t raw[2];
};
typedef L4_MapItem_t L4_GrantItem_t;

constexpr L4_ThreadId_t L4_nilthread{0};
constexpr L4_ThreadId_t L4_anythread{~0u};
constexpr L4_Time_t L4_Never{0};
constexpr L4_Time_t L4_ZeroTime{kapi::Time::zero_raw};
constexpr L4_Fpage_t L4_Nilpage{0};
constexpr L4_Fpage_t L4_CompleteAddressSpace{kapi::Fpage::complete().raw};

// Thread ids.
constexpr L4_ThreadId_t L4_GlobalId(L4_Word_t number, L4_Word_t version)
{
    return {kapi::ThreadId::make(number, version).raw};
}
constexpr L4_Word_t L4_ThreadNo(L4_ThreadId_t t) { return kapi::ThreadId{t.raw}.number(); }
constexpr L4_Word_t L4_Version(L4_ThreadId_t t) { return kapi::ThreadId{t.raw}.version(); }
constexpr bool L4_IsNilThread(L4_ThreadId_t t) { return t.raw == 0; }
constexpr bool L4_IsThreadEqual(L4_ThreadId_t a, L4_ThreadId_t b) { return a.raw == b.raw; }

// Message tags.
constexpr L4_MsgTag_t L4_Niltag{0};
constexpr L4_MsgTag_t L4_MsgTag(L4_Word_t label, L4_Word_t untyped, L4_Word_t typed = 0)
{
    return {kapi::MsgTag::make(label, untyped, typed).raw};
}
constexpr L4_Word_t L4_Label(L4_MsgTag_t t) { return kapi::MsgTag{t.raw}.label(); }
constexpr L4_Word_t L4_UntypedWords(L4_MsgTag_t t) { return kapi::MsgTag{t.raw}.untyped(); }
constexpr L4_Word_t L4_TypedWords(L4_MsgTag_t t) { return kapi::MsgTag{t.raw}.typed(); }
constexpr bool L4_IpcFailed(L4_MsgTag_t t) { return kapi::MsgTag{t.raw}.failed(); }
constexpr bool L4_IpcSucceeded(L4_MsgTag_t t) { return !L4_IpcFailed(t); }

// Flexpages.
constexpr L4_Fpage_t L4_FpageLog2(L4_Word_t base, unsigned log2size)
{
    return {kapi::Fpage::make(base, log2size, 0).raw};
}
constexpr L4_Fpage_t L4_Fpage(L4_Word_t base, L4_Word_t size)   // size: a power of two
{
    unsigned s = 0;
    while ((L4_Word_t(1) << s) < size && s < 31)
        ++s;
    return L4_FpageLog2(base, s);
}
constexpr L4_Fpage_t L4_IoFpage(L4_Word_t port, unsigned log2ports) { return {kapi::Fpage::io(port, log2ports).raw}; }
constexpr L4_Word_t L4_Readable = kapi::rights::r, L4_Writable = kapi::rights::w, L4_eXecutable = kapi::rights::x;
constexpr L4_Word_t L4_ReadWriteOnly = kapi::rights::rw, L4_FullyAccessible = kapi::rights::rwx;
constexpr L4_Fpage_t L4_Set_Rights(L4_Fpage_t f, L4_Word_t rights) { return {(f.raw & ~7u) | (rights & 7u)}; }
constexpr L4_Word_t L4_Rights(L4_Fpage_t f) { return f.raw & 7u; }
constexpr L4_Word_t L4_Address(L4_Fpage_t f) { return kapi::Fpage{f.raw}.base(); }
constexpr L4_Word_t L4_SizeLog2(L4_Fpage_t f) { return kapi::Fpage{f.raw}.log2size(); }
constexpr L4_MapItem_t L4_MapItem(L4_Fpage_t f, L4_Word_t hotspot)
{
    auto i = kapi::TypedItem::map(hotspot, {f.raw});
    return {{i.word0, i.fpage.raw}};
}
constexpr L4_GrantItem_t L4_GrantItem(L4_Fpage_t f, L4_Word_t hotspot)
{
    auto i = kapi::TypedItem::grant(hotspot, {f.raw});
    return {{i.word0, i.fpage.raw}};
}

// Time.
constexpr L4_Time_t L4_TimePeriod(L4_Word64_t microseconds) { return {kapi::Time::period_us(microseconds).raw}; }
constexpr L4_Word_t L4_Timeouts(L4_Time_t send, L4_Time_t receive) { return kapi::timeouts({send.raw}, {receive.raw}); }
