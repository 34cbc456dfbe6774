#pragma once
/// @file
/// @brief A move-only `std::function`: Asio completion handlers are move-only, and C++20 has no
/// `std::move_only_function`.

#include <polyllm/version.hpp>

#include <memory>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

template <class Signature>
class unique_function;

template <class R, class... Args>
class unique_function<R(Args...)> {
public:
    unique_function() = default;

    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, unique_function> && std::is_invocable_r_v<R, F&, Args...>)
    unique_function(F&& f)  // NOLINT: implicit, like std::function
        : callable_(std::make_unique<holder<std::decay_t<F>>>(std::forward<F>(f))) {}

    R operator()(Args... args) { return callable_->call(std::forward<Args>(args)...); }
    explicit operator bool() const noexcept { return callable_ != nullptr; }

private:
    struct base {
        virtual ~base() = default;
        virtual R call(Args... args) = 0;
    };
    template <class F>
    struct holder final : base {
        explicit holder(F f) : fn(std::move(f)) {}
        R call(Args... args) override { return fn(std::forward<Args>(args)...); }
        F fn;
    };
    std::unique_ptr<base> callable_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
