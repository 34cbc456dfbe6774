#pragma once
/// @file
/// @brief Fallbacks: which groups a router tries, in order, after a group fails, by the kind of the failure. A
/// context-window error goes to `context_window_fallbacks` (a model with a larger window), a content-policy refusal
/// to `content_policy_fallbacks`, anything else about the deployments to `fallbacks`; a kind without a list of its
/// own for the group uses the general one. An error about the request itself (bad request, cancelled) is not
/// fallen back from: it would fail the same anywhere.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief What a failure means for the route.
enum class failure_kind : unsigned char {
    final,           ///< the request's own fault, or the caller's: returned as it is
    general,         ///< the deployment failed: another deployment of the group, then `fallbacks`
    context_window,  ///< the prompt does not fit: `context_window_fallbacks`, skipping the rest of the group
    content_policy,  ///< refused by the content filter: `content_policy_fallbacks`, skipping the rest of the group
};

/// @brief The route a failure of `e` takes.
[[nodiscard]] POLYLLM_DECL failure_kind classify_failure(const error& e) noexcept;

/// @brief Group name -> groups to try, in order, per kind of failure.
struct fallback_table {
    using lists = std::map<std::string, std::vector<std::string>, std::less<>>;
    lists general;
    lists context_window;
    lists content_policy;

    /// @brief The groups to try after `group` failed with `kind`: the kind's own list when it has one for the group,
    /// else the general one; nothing for `failure_kind::final`.
    [[nodiscard]] POLYLLM_DECL const std::vector<std::string>& after(std::string_view group, failure_kind kind) const;
};

/// @brief The order groups are tried in for one call: starts with the requested group, and grows by the fallbacks
/// of the group that failed, each group at most once (fallback lists that point back at each other end).
class fallback_plan {
public:
    explicit fallback_plan(std::string group) : first_(std::move(group)) {}

    /// @brief The group being tried, or nullptr when the plan is exhausted.
    [[nodiscard]] const std::string* current() const noexcept {
        return next_ == 0 ? &first_ : next_ <= fallbacks_.size() ? &fallbacks_[next_ - 1] : nullptr;
    }
    /// @brief The group the call asked for.
    [[nodiscard]] const std::string& first() const noexcept { return first_; }
    /// @brief The current group failed with `kind`: its fallbacks, not tried yet, come next.
    POLYLLM_DECL void failed(const fallback_table& table, failure_kind kind);
    /// @brief Groups tried so far, the current one included.
    [[nodiscard]] std::size_t tried() const noexcept { return next_ + 1; }

private:
    // The asked group apart from its fallbacks: a call that needs none allocates nothing here.
    std::string first_;
    std::vector<std::string> fallbacks_;
    std::size_t next_ = 0;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/fallback_plan.ipp>
#endif
