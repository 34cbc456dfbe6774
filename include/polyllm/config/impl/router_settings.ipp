#pragma once
/// @file
/// @brief The definitions of <polyllm/config/router_settings.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/config/router_settings.hpp>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

struct router_reader {
    std::string source;

    [[nodiscard]] std::string where(const toml::node& n) const {
        return source + ":" + std::to_string(n.source().begin.line) + ": ";
    }
    [[nodiscard]] error bad(const toml::node& n, const std::string& what) const {
        return error{errc::invalid_config, where(n) + what};
    }
    [[nodiscard]] result<std::vector<std::string>> names(const toml::node& n, const std::string& key) const {
        const auto* array = n.as_array();
        std::vector<std::string> out;
        if (array) {
            for (const auto& item : *array) {
                const auto* s = item.as_string();
                if (!s) return bad(n, key + " must be a list of names, not a list holding " +
                                          std::string(toml_type_name(item.type())));
                out.push_back(s->get());
            }
        }
        if (!array) return bad(n, key + " must be a list of names, not " + std::string(toml_type_name(n.type())));
        return out;
    }
    [[nodiscard]] result<fallback_table::lists> lists(const toml::node& n, const std::string& section) const {
        const auto* table = n.as_table();
        if (!table) return bad(n, "[" + section + "] must be a table of group = [groups]");
        fallback_table::lists out;
        for (const auto& [key, value] : *table) {
            auto list = names(value, section + "." + std::string(key.str()));
            if (!list) return std::move(list).error();
            out.emplace(std::string(key.str()), std::move(list).value());
        }
        return out;
    }
    template <class Int>
    [[nodiscard]] result<Int> integer(const toml::node& n, const std::string& key, std::int64_t least) const {
        const auto* i = n.as_integer();
        if (!i || i->get() < least)
            return bad(n, key + " must be an integer of at least " + std::to_string(least));
        return Int(i->get());
    }
    [[nodiscard]] result<std::chrono::milliseconds> seconds(const toml::node& n, const std::string& key) const {
        double v = -1;
        if (const auto* i = n.as_integer()) v = double(i->get());
        else if (const auto* f = n.as_floating_point()) v = f->get();
        if (!(v >= 0 && v < 1e9)) return bad(n, key + " must be a number of seconds, 0 or more");
        return std::chrono::milliseconds(std::int64_t(v * 1000));
    }
    [[nodiscard]] result<deployment_limits> limits(const toml::node& n, const std::string& name) const {
        const auto* table = n.as_table();
        if (!table) return bad(n, "[router.deployments." + name + "] must be a table");
        deployment_limits out;
        for (const auto& [key, value] : *table) {
            const std::string k(key.str());
            if (k == "weight") {
                const auto* f = value.as_floating_point();
                const auto* i = value.as_integer();
                out.weight = f ? f->get() : i ? double(i->get()) : -1;
                if (!(out.weight >= 0)) return bad(value, "weight must be a number, 0 or more");
            } else if (k == "rpm" || k == "tpm" || k == "max_parallel_requests") {
                auto v = integer<std::int64_t>(value, k, 1);
                if (!v) return std::move(v).error();
                (k == "rpm" ? out.rpm : k == "tpm" ? out.tpm : out.max_parallel_requests) = v.value();
            } else {
                return bad(value, "unknown key \"" + k + "\" in [router.deployments." + name +
                                      "]; the keys are: weight, rpm, tpm, max_parallel_requests");
            }
        }
        return out;
    }
};

}  // namespace detail

POLYLLM_DECL result<std::optional<router_settings>> read_router_settings(const toml::table& root,
                                                                         std::string_view source) {
    const toml::node* section = root.get("router");
    if (!section) return std::optional<router_settings>{};
    const detail::router_reader in{std::string(source)};
    const auto* table = section->as_table();
    if (!table) return in.bad(*section, "router must be a table ([router])");
    router_settings out;
    for (const auto& [key, value] : *table) {
        const std::string k(key.str());
        if (k == "strategy") {
            const auto* s = value.as_string();
            auto strategy = s ? parse_routing_strategy(s->get()) : result<routing_strategy>(error{});
            if (!strategy) return in.bad(value, s ? strategy.error().message : "strategy must be a string");
            out.options.strategy = strategy.value();
        } else if (k == "cooldown_seconds" || k == "failure_window_seconds") {
            auto v = in.seconds(value, k);
            if (!v) return std::move(v).error();
            (k == "cooldown_seconds" ? out.options.cooldowns.cooldown : out.options.cooldowns.window) = v.value();
        } else if (k == "hedge_after_seconds") {
            auto v = in.seconds(value, k);
            if (!v) return std::move(v).error();
            out.options.hedging.after = v.value();
        } else if (k == "hedge_floor_seconds" || k == "hedge_cap_seconds") {
            auto v = in.seconds(value, k);
            if (!v) return std::move(v).error();
            (k == "hedge_floor_seconds" ? out.options.hedging.floor : out.options.hedging.cap) = v.value();
        } else if (k == "redis_url" || k == "redis_key_prefix") {
            const auto* text = value.as_string();
            if (!text) return in.bad(value, k + " must be a string");
            if (k == "redis_key_prefix") {
                out.redis_key_prefix = text->get();
                continue;
            }
            auto address = parse_redis_url(text->get());
            if (!address) return in.bad(value, address.error().message);
            out.redis = std::move(address).value();
        } else if (k == "hedge_at_p95") {
            const auto* b = value.as_boolean();
            if (!b) return in.bad(value, "hedge_at_p95 must be true or false");
            out.options.hedging.at_p95 = b->get();
        } else if (k == "hedge_min_samples") {
            auto v = in.integer<std::size_t>(value, k, 1);
            if (!v) return std::move(v).error();
            out.options.hedging.min_samples = v.value();
        } else if (k == "hedge_budget") {
            const auto* f = value.as_floating_point();
            const auto* i = value.as_integer();
            const double budget = f ? f->get() : i ? double(i->get()) : -1;
            if (!(budget >= 0 && budget <= 1)) return in.bad(value, "hedge_budget must be a share between 0 and 1");
            out.options.hedging.budget = budget;
        } else if (k == "allowed_fails") {
            auto v = in.integer<int>(value, k, 0);
            if (!v) return std::move(v).error();
            out.options.cooldowns.allowed_fails = v.value();
        } else if (k == "context_window_check") {
            const auto* b = value.as_boolean();
            if (!b) return in.bad(value, "context_window_check must be true or false");
            out.options.context_window_check = b->get();
        } else if (k == "groups") {
            auto groups = in.lists(value, "router.groups");
            if (!groups) return std::move(groups).error();
            for (auto& [name, members] : groups.value()) out.groups.emplace_back(name, std::move(members));
        } else if (k == "fallbacks" || k == "context_window_fallbacks" || k == "content_policy_fallbacks") {
            auto lists = in.lists(value, "router." + k);
            if (!lists) return std::move(lists).error();
            (k == "fallbacks"                  ? out.options.fallbacks.general
             : k == "context_window_fallbacks" ? out.options.fallbacks.context_window
                                               : out.options.fallbacks.content_policy) = std::move(lists).value();
        } else if (k == "deployments") {
            const auto* deployments = value.as_table();
            if (!deployments) return in.bad(value, "[router.deployments] must hold [router.deployments.<name>] tables");
            for (const auto& [name, limits] : *deployments) {
                auto read = in.limits(limits, std::string(name.str()));
                if (!read) return std::move(read).error();
                out.limits.emplace(std::string(name.str()), read.value());
            }
        } else {
            return in.bad(value, "unknown key \"" + k + "\" in [router]; the keys are: strategy, cooldown_seconds, "
                                 "allowed_fails, failure_window_seconds, context_window_check, hedge_after_seconds, "
                                 "hedge_budget, hedge_at_p95, hedge_min_samples, hedge_floor_seconds, "
                                 "hedge_cap_seconds, redis_url, redis_key_prefix, groups, fallbacks, context_window_fallbacks, "
                                 "content_policy_fallbacks, deployments");
        }
    }
    if (out.groups.empty()) return in.bad(*section, "[router] has no [router.groups]: name at least one model group");
    auto is_group = [&](const std::string& g) {
        for (const auto& [name, members] : out.groups)
            if (name == g) return true;
        return false;
    };
    for (const auto* lists : {&out.options.fallbacks.general, &out.options.fallbacks.context_window,
                              &out.options.fallbacks.content_policy})
        for (const auto& [from, to] : *lists) {
            if (!is_group(from))
                return in.bad(*section, "a fallback list is given for \"" + from + "\", which is not a model group");
            for (const auto& g : to)
                if (!is_group(g))
                    return in.bad(*section, "the fallbacks of \"" + from + "\" name \"" + g +
                                                "\", which is not a model group in [router.groups]");
        }
    return std::optional<router_settings>(std::move(out));
}

POLYLLM_DECL result<std::optional<router_settings>> parse_router_toml(std::string_view text, std::string_view source) {
    const std::string name(source);
#if TOML_EXCEPTIONS
    try {
        const toml::table root = toml::parse(text, name);
        return read_router_settings(root, name);
    } catch (const toml::parse_error& e) {
        return error{errc::invalid_config, name + ": TOML syntax error: " + std::string(e.description())};
    }
#else
    auto parsed = toml::parse(text, name);
    if (!parsed)
        return error{errc::invalid_config, name + ": TOML syntax error: " + std::string(parsed.error().description())};
    return read_router_settings(parsed.table(), name);
#endif
}

POLYLLM_NAMESPACE_END
