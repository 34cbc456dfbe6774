#pragma once
// Quill, a made-up LLM API that is not OpenAI-compatible, as a complete polyllm provider written on the public API
// and the wire toolkit (polyllm/wire.hpp) alone. docs/custom-providers.md walks through it.
//
// The Quill API (POST {base}/v2/compose, key in the `Quill-Key` header):
//   request   {"engine", "script": [{"voice": "guide"|"reader"|"quill", "words"}], "budget", "warmth", "halt_on",
//              "live"}
//   response  {"ticket", "engine", "draft": {"words"}, "ending": "done"|"budget"|"halted", "meter": {"in", "out"}}
//   stream    SSE events `opened` {"ticket", "engine"}, `words` {"words"}, `meter` {"in", "out"},
//             `closed` {"ending"} (the last one), `trouble` (an error, the error body's shape)
//   errors    {"trouble": {"kind", "detail", "retry_in_ms"}}, kinds "busy", "no_credit", "too_long", "bad_key"

#include <polyllm/polyllm.hpp>
#include <polyllm/wire.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace quill_example {

// ---- errors: how Quill's error body reads, how it classifies, what is retried

inline std::optional<polyllm::wire::error_fields> read_trouble(const nlohmann::json& body) {
    const auto* trouble = polyllm::wire::object_or_null(body, "trouble");
    if (!trouble) return std::nullopt;
    polyllm::wire::error_fields fields;
    fields.type = polyllm::wire::string_or_empty(*trouble, "kind");
    fields.message = polyllm::wire::string_or_empty(*trouble, "detail");
    if (auto ms = polyllm::wire::int_or_null(*trouble, "retry_in_ms")) fields.retry_after = std::chrono::milliseconds(*ms);
    return fields;
}

inline polyllm::errc classify_trouble(int status, const polyllm::wire::error_fields& fields) {
    if (fields.type == "busy") return polyllm::errc::service_unavailable;
    if (fields.type == "no_credit") return polyllm::errc::quota_exceeded;
    if (fields.type == "too_long") return polyllm::errc::context_window_exceeded;
    if (fields.type == "bad_key") return polyllm::errc::authentication;
    return polyllm::wire::errc_for_status(status);
}

inline constexpr polyllm::wire::error_dialect quill_errors{
    read_trouble, classify_trouble,
    {.statuses = {408, 429}, .every_5xx = true, .always = {polyllm::errc::service_unavailable}}};

// ---- responses: the ending and the meter, read the same from a whole response and from a stream

inline polyllm::finish finish_from(std::string ending) {
    const auto reason = ending == "done"     ? polyllm::finish_reason::stop
                        : ending == "halted" ? polyllm::finish_reason::stop
                        : ending == "budget" ? polyllm::finish_reason::length
                                             : polyllm::finish_reason::other;
    return {reason, std::move(ending)};
}

inline polyllm::usage usage_from(const nlohmann::json& meter) {
    return {polyllm::wire::int_or_null(meter, "in"), polyllm::wire::int_or_null(meter, "out")};
}

inline polyllm::result<polyllm::completion> completion_from(const nlohmann::json& body) {
    const auto* draft = polyllm::wire::object_or_null(body, "draft");
    if (!draft) return polyllm::error{polyllm::errc::no_response, "the response has no draft"};
    polyllm::completion c;
    c.id = polyllm::wire::string_or_empty(body, "ticket");
    c.model = polyllm::wire::string_or_empty(body, "engine");
    c.message = polyllm::message::assistant(polyllm::wire::string_or_empty(*draft, "words"));
    auto finish = finish_from(polyllm::wire::string_or_empty(body, "ending"));
    c.finish_reason = finish.reason;
    c.finish_reason_raw = std::move(finish.raw);
    if (const auto* meter = polyllm::wire::object_or_null(body, "meter")) c.usage = usage_from(*meter);
    return c;
}

// ---- stream: one event at a time; the skeleton frames, parses, stops at `closed` and keeps the first failure

struct quill_events {
    static constexpr std::string_view terminal = "its closed event";
    static constexpr std::array<std::string_view, 5> known_events{"opened", "words", "meter", "closed", "trouble"};

    template <class Emit>
    polyllm::wire::step on_event(std::string_view name, const nlohmann::json& data, Emit& emit) {
        using polyllm::wire::string_or_empty;
        if (name == "opened")
            return emit(polyllm::message_start{string_or_empty(data, "ticket"), string_or_empty(data, "engine")});
        if (name == "words") return emit(polyllm::text_delta{string_or_empty(data, "words")});
        if (name == "meter") return emit(polyllm::usage_update{usage_from(data)});
        if (name == "closed") {
            if (!emit(finish_from(string_or_empty(data, "ending")))) return false;
            return polyllm::wire::step::done();
        }
        if (name == "trouble") return polyllm::wire::step::fail(polyllm::wire::error_from_json(200, data, quill_errors));
        return true;  // event types Quill adds later
    }
};

// ---- the provider

struct quill {
    static constexpr std::string_view name = "quill";
    static constexpr std::string_view default_base_url = "https://api.quill.example";
    static constexpr std::string_view api_key_env = "QUILL_API_KEY";
    static constexpr std::string_view request_id_header = "quill-ticket";

    struct options {
        std::optional<double> warmth;  ///< Quill's temperature, when the request sets none
    };

    [[nodiscard]] polyllm::result<polyllm::http_request> prepare(const polyllm::request& req,
                                                                 const polyllm::call_context<options>& ctx) const {
        if (ctx.config.api_key.empty()) return polyllm::missing_api_key(name, api_key_env);
        polyllm::http_request http;
        polyllm::wire::json_writer w(http.body);
        polyllm::wire::body_fields fields(w, req.extra);
        w.begin_object();
        if (fields.standard("engine")) w.string(polyllm::wire::model_name(ctx.config.model, name));
        if (fields.standard("script")) {
            w.begin_array();
            for (const auto& m : req.messages) {
                const auto voice = m.role == polyllm::role::system      ? "guide"
                                   : m.role == polyllm::role::assistant ? "quill"
                                                                        : "reader";
                w.begin_object().key("voice").string(voice).key("words").string(m.text()).end_object();
            }
            w.end_array();
        }
        if (req.max_tokens && fields.standard("budget")) w.integer(*req.max_tokens);
        if (auto warmth = req.temperature ? req.temperature : ctx.options.warmth; warmth && fields.standard("warmth"))
            w.number(*warmth);
        if (!req.stop.empty() && fields.standard("halt_on")) {
            w.begin_array();
            for (const auto& s : req.stop) w.string(s);
            w.end_array();
        }
        if (ctx.stream && fields.standard("live")) w.boolean(true);
        fields.rest();
        w.end_object();
        const std::string_view base = ctx.config.base_url.empty() ? default_base_url : ctx.config.base_url;
        http.url = std::string(base) + "/v2/compose";
        http.headers.add_sensitive("Quill-Key", std::string(ctx.config.api_key.reveal()));
        http.headers.add("content-type", "application/json");
        http.stream = ctx.stream;
        return http;
    }

    [[nodiscard]] polyllm::result<polyllm::completion> parse(const polyllm::http_response& res,
                                                             const polyllm::call_context<options>&) const {
        return polyllm::wire::parse_response(res, quill_errors, request_id_header, [](const nlohmann::json& body) {
            if (body.contains("trouble")) return polyllm::result<polyllm::completion>(
                polyllm::wire::error_from_json(200, body, quill_errors));  // an error answered with 200
            return completion_from(body);
        });
    }

    [[nodiscard]] polyllm::wire::sse_decoder<quill_events> make_stream_decoder(const polyllm::call_context<options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const polyllm::error& e) const noexcept {
        return polyllm::wire::should_retry(e, quill_errors.retry);
    }

    [[nodiscard]] polyllm::token_count tokenize(std::string_view text, const polyllm::call_context<options>&) const {
        return polyllm::approximate_tokens(text);
    }
};

static_assert(polyllm::StreamingProvider<quill>);

}  // namespace quill_example
