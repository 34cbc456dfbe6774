#pragma once
/// @file
/// @brief `detail::erased_handler<V>`: any Asio completion handler for `void(V)` behind one type. An operation
/// written against it is compiled once, not once per completion token its callers use, and can be compiled apart
/// from them (POLYLLM_SEPARATE_COMPILATION). Asio 1.22 has no `any_completion_handler`.

#include <polyllm/detail/unique_function.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/dispatch.hpp>

#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// A caller's completion handler behind a virtual call, still carrying its executor and cancellation slot, so
/// that an operation completes and cancels exactly as it would with the caller's own handler.
template <class V>
struct erased_handler {
    using executor_type = asio::any_io_executor;
    using cancellation_slot_type = asio::cancellation_slot;

    executor_type executor;
    cancellation_slot_type slot;
    unique_function<void(V)> fn;

    [[nodiscard]] executor_type get_executor() const noexcept { return executor; }
    [[nodiscard]] cancellation_slot_type get_cancellation_slot() const noexcept { return slot; }
    void operator()(V value) { fn(std::move(value)); }
};

/// `handler` as an `erased_handler<V>`; `io` is the executor of the operation it completes, used where the
/// handler has none of its own.
template <class V, class Handler>
[[nodiscard]] erased_handler<V> erase_handler(Handler handler, const asio::any_io_executor& io) {
    if constexpr (std::is_same_v<Handler, erased_handler<V>>) {
        return handler;  // already erased (a client's call reaching basic_llm)
    } else {
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto executor = asio::get_associated_executor(handler, io);
        if constexpr (std::is_constructible_v<asio::any_io_executor, decltype(executor)>) {
            return {asio::any_io_executor(executor), slot,
                    [h = std::move(handler)](V value) mutable { std::move(h)(std::move(value)); }};
        } else {
            // An executor any_io_executor cannot hold (use_future's): the handler is completed through it here.
            return {io, slot, [h = std::move(handler), executor](V value) mutable {
                        asio::dispatch(executor, [h = std::move(h), value = std::move(value)]() mutable {
                            std::move(h)(std::move(value));
                        });
                    }};
        }
    }
}

}  // namespace detail
POLYLLM_NAMESPACE_END
