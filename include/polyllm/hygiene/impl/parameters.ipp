#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene/parameters.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene/parameters.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

namespace detail {

[[nodiscard]] inline std::string number_text(double v) {
    auto s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

[[nodiscard]] inline bool has_images(const request& req) noexcept {
    for (const auto& m : req.messages)
        for (const auto& part : m.content)
            if (std::holds_alternative<image_part>(part)) return true;
    return false;
}

// The sampling and reasoning settings, from the request or from the configuration (`where` says which).
inline void check_settings(std::vector<unsupported_parameter>& out, std::string_view where,
                           const std::optional<double>& temperature, const std::optional<double>& top_p,
                           const std::optional<polyllm::reasoning_effort>& effort, const llm_config& cfg,
                           const model_features& features) {
    const std::string model = "model " + cfg.model;
    if (has_fixed_sampling(cfg.model)) {
        if (temperature && *temperature != 1.0)
            out.push_back({parameter::temperature, std::string(where) + "temperature " + number_text(*temperature) +
                                                       ": " + model + " is a reasoning model and takes only 1"});
        if (top_p)
            out.push_back({parameter::top_p,
                           std::string(where) + "top_p: " + model + " is a reasoning model and takes none"});
    }
    if (effort && !features.reasoning_effort)
        out.push_back({parameter::reasoning_effort,
                       std::string(where) + "reasoning_effort: " + model + " does not take it"});
}

}  // namespace detail

POLYLLM_DECL std::vector<unsupported_parameter> unsupported_parameters(const request& req, const llm_config& cfg,
                                                                       const model_features& features) {
    std::vector<unsupported_parameter> out;
    detail::check_settings(out, "", req.temperature, req.top_p, req.reasoning_effort, cfg, features);
    if (!req.stop.empty() && !features.stop_words)
        out.push_back({parameter::stop, cfg.disable_stop_word
                                            ? std::string("stop: stop words are turned off by disable_stop_word")
                                            : "stop: model " + cfg.model + " does not take stop words"});
    if (!features.vision && detail::has_images(req))
        out.push_back({parameter::images, cfg.disable_vision.value_or(false)
                                              ? std::string("images: vision is turned off by disable_vision")
                                              : "images: model " + cfg.model + " does not take images"});
    return out;
}

POLYLLM_DECL error refusal(const std::vector<unsupported_parameter>& found) {
    std::string message = "unsupported ";
    for (std::size_t i = 0; i < found.size(); ++i) message += (i ? "; " : "") + found[i].reason;
    message += found.size() == 1 ? " (set drop_params to drop it instead)" : " (set drop_params to drop them instead)";
    error e{errc::unsupported, std::move(message)};
    e.type = "unsupported_parameter";
    return e;
}

POLYLLM_DECL result<void> drop(request& req, const std::vector<unsupported_parameter>& found) {
    for (const auto& p : found) {
        switch (p.parameter) {
            case parameter::temperature: req.temperature.reset(); break;
            case parameter::top_p: req.top_p.reset(); break;
            case parameter::reasoning_effort: req.reasoning_effort.reset(); break;
            case parameter::stop: req.stop.clear(); break;
            case parameter::images:
                for (std::size_t i = 0; i < req.messages.size(); ++i) {
                    auto& content = req.messages[i].content;
                    const auto before = content.size();
                    std::erase_if(content, [](const content_part& c) { return std::holds_alternative<image_part>(c); });
                    if (content.empty() && before > 0 && req.messages[i].role != role::tool &&
                        req.messages[i].tool_calls.empty()) {
                        error e{errc::unsupported, "messages[" + std::to_string(i) +
                                                       "] holds only images, and dropping them leaves it empty (" +
                                                       p.reason + ")"};
                        e.type = "unsupported_parameter";
                        return e;
                    }
                }
                break;
        }
    }
    return success();
}

POLYLLM_DECL result<void> fit_config(llm_config& cfg, const model_features& features) {
    std::vector<unsupported_parameter> found;
    detail::check_settings(found, "llm_config::", cfg.temperature, cfg.top_p, cfg.reasoning_effort, cfg, features);
    if (found.empty()) return success();
    if (!cfg.drop_params) return refusal(found);
    for (const auto& p : found) {
        if (p.parameter == parameter::temperature) cfg.temperature.reset();
        if (p.parameter == parameter::top_p) cfg.top_p.reset();
        if (p.parameter == parameter::reasoning_effort) cfg.reasoning_effort.reset();
    }
    return success();
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
