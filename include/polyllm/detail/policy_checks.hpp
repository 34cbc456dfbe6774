#pragma once
/// @file
/// @brief The checks `basic_llm` makes of its policy types, each requirement on its own, so that the first line of
/// the diagnostic names what is missing instead of a page of unsatisfied constraints.

#include <polyllm/concepts.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

template <class P>
constexpr bool check_provider() {
    static_assert(provider_has_name<P>,
                  "polyllm: this type is not a Provider: it needs `static constexpr std::string_view name`");
    static_assert(provider_has_options<P>,
                  "polyllm: this type is not a Provider: it needs a default-constructible nested type `options` "
                  "(write `struct options {};` when there are none)");
    static_assert(provider_has_prepare<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`result<http_request> prepare(const request&, const call_context<options>&) const`");
    static_assert(provider_has_parse<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`result<completion> parse(const http_response&, const call_context<options>&) const`");
    static_assert(provider_has_should_retry<P>,
                  "polyllm: this type is not a Provider: it needs `bool should_retry(const error&) const`");
    static_assert(provider_has_tokenize<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`token_count tokenize(std::string_view, const call_context<options>&) const`");
    static_assert(check_provider_hooks<P>());  // a hook spelt nearly right would be ignored without a word
    return Provider<P>;
}

template <class T>
constexpr bool check_transport() {
    static_assert(Transport<T>,
                  "polyllm: this type is not a Transport: it needs `executor_type`, `get_executor()`, "
                  "`async_send(http_request, token)` completing with `void(result<http_response>)` and "
                  "`async_wait(std::chrono::milliseconds, token)` completing with `void(std::error_code)`");
    return Transport<T>;
}

template <class R>
constexpr bool check_retry_policy() {
    static_assert(RetryPolicy<R>,
                  "polyllm: this type is not a RetryPolicy: it needs "
                  "`std::optional<std::chrono::milliseconds> next_delay(int attempts_made, const error&) const` "
                  "and `int max_attempts() const`");
    return RetryPolicy<R>;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
