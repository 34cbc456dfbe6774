#pragma once
/// @file
/// @brief `no_retry`: one attempt, whatever the error.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <optional>

POLYLLM_NAMESPACE_BEGIN

struct no_retry {
    [[nodiscard]] constexpr int max_attempts() const noexcept { return 1; }
    [[nodiscard]] std::optional<std::chrono::milliseconds> next_delay(int, const error&) const noexcept {
        return std::nullopt;
    }
};

POLYLLM_NAMESPACE_END
