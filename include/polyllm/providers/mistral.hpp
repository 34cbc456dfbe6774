#pragma once
/// @file
/// @brief `polyllm::mistral`: Mistral's API. Models "mistral/<model>". Mistral rejects fields it does not know,
/// and names three differently: `max_tokens`, `random_seed` for seed, and tool_choice "any" for "required";
/// `user` and `stream_options` are not sent (its streams end with usage anyway).

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct mistral : openai_compatible<mistral> {
    static constexpr std::string_view name = "mistral";
    static constexpr std::string_view default_base_url = "https://api.mistral.ai/v1";
    static constexpr std::string_view api_key_env = "MISTRAL_API_KEY";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    struct options {};

    void adjust_body(nlohmann::ordered_json& body, const request&, const call_context<options>&) const {
        if (auto seed = body.find("seed"); seed != body.end()) {
            body["random_seed"] = *seed;
            body.erase("seed");
        }
        if (auto choice = body.find("tool_choice"); choice != body.end() && *choice == "required") *choice = "any";
        body.erase("user");
        body.erase("stream_options");
    }
};

static_assert(StreamingProvider<mistral>);

POLYLLM_NAMESPACE_END
