#pragma once
/// @file
/// @brief `environment`: where environment variables are read from, as a value — the process's, a map, or any
/// lookup function — so that configuration loading and proxy discovery can be tested without touching the
/// process environment.

#include <polyllm/version.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief Where environment variables are read from: the process, a map, or any lookup function.
class environment {
public:
    /// @brief Returns the variable's value, or nothing when it is not set.
    using lookup_function = std::function<std::optional<std::string>(std::string_view name)>;

    explicit environment(lookup_function lookup) : lookup_(std::move(lookup)) {}

    /// @brief The process environment (`std::getenv`; `_dupenv_s` with MSVC). polyllm reads it only through here.
    [[nodiscard]] POLYLLM_DECL static environment process();

    /// @brief Exactly these variables.
    [[nodiscard]] POLYLLM_DECL static environment from(std::map<std::string, std::string, std::less<>> variables);

    /// @brief No variables at all.
    [[nodiscard]] POLYLLM_DECL static environment none();

    [[nodiscard]] POLYLLM_DECL std::optional<std::string> get(std::string_view name) const;

private:
    lookup_function lookup_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/environment.ipp>
#endif
