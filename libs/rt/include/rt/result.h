// A value or the reason there is none: results, not exceptions. Header-only
// and freestanding, shared by every reader that validates input (ELF images,
// the ram archive). `Reason` is the caller's status type with ok().
#pragma once

namespace rt {

template <typename T, typename Reason>
class [[nodiscard]] Result {
public:
    constexpr Result(const T& value) : value_(value) {}
    constexpr Result(Reason reason) : reason_(reason) {}

    constexpr bool ok() const { return reason_.ok(); }
    constexpr explicit operator bool() const { return ok(); }
    constexpr const Reason& status() const { return reason_; }
    // The reason's error code, for Reason types with an `error` member.
    constexpr auto error() const { return reason_.error; }

    // Precondition: ok(). Violations trap rather than hand out a bogus value.
    constexpr const T& value() const
    {
        if (!ok())
            __builtin_trap();
        return value_;
    }
    constexpr const T& operator*() const { return value(); }
    constexpr const T* operator->() const { return &value(); }

private:
    T value_{};
    Reason reason_{};
};

} // namespace rt
