#pragma once
/// @file
/// @brief `secret`: a string that does not print. API keys are held in it so that no stream, log line, JSON dump
/// or error message can show one by accident; the value is read only through `reveal()`.

#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

class secret {
public:
    secret() = default;
    secret(std::string value) : value_(std::move(value)) {}  // NOLINT: implicit, so `cfg.api_key = "sk-..."` works
    POLYLLM_DECL secret(const char* value);  // NOLINT

    /// @brief The value itself: for building the one header that carries it, and for redaction.
    [[nodiscard]] std::string_view reveal() const noexcept { return value_; }
    [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

    friend bool operator==(const secret&, const secret&) = default;

private:
    std::string value_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/secret.ipp>
#endif
