#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_bedrock.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_bedrock.hpp>
#include <polyllm/testing/impl/local_replies.ipp>  // the helpers it shares with that file (split_tokens)

#include <chrono>
#include <optional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

namespace testing::bedrock_detail {
// "YYYYMMDDTHHMMSSZ" as a time, with <chrono>'s calendar: strptime and timegm are not on Windows.
inline std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
    auto number = [&](std::size_t at, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!number(0, 4, y) || !number(4, 2, mo) || !number(6, 2, d) || !number(9, 2, h) || !number(11, 2, mi) ||
        !number(13, 2, s))
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                          std::chrono::day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}
}  // namespace testing::bedrock_detail
namespace testing {
namespace bedrock_detail {

inline wire::event_stream_header string_header(std::string name, std::string value) {
    return {std::move(name), wire::event_stream_type::string, 0, std::move(value)};
}

inline std::string event_frame(std::string_view type, const nlohmann::json& payload) {
    return wire::encode_event_stream_message(
        {{string_header(":event-type", std::string(type)), string_header(":content-type", "application/json"),
          string_header(":message-type", "event")},
         payload.dump()});
}

// The text of the last user turn's text blocks (tool results' text too): what the echo answers.
inline std::string last_user_text(const nlohmann::json& body) {
    std::string last;
    for (const auto& m : body.value("messages", nlohmann::json::array())) {
        if (!m.is_object() || m.value("role", "") != "user") continue;
        std::string text;
        for (const auto& block : m.value("content", nlohmann::json::array())) {
            if (!block.is_object()) continue;
            if (auto t = block.find("text"); t != block.end() && t->is_string()) text += t->get<std::string>();
            if (auto r = block.find("toolResult"); r != block.end() && r->is_object())
                for (const auto& part : r->value("content", nlohmann::json::array()))
                    if (part.is_object() && part.contains("text") && part["text"].is_string())
                        text += part["text"].get<std::string>();
        }
        last = text;
    }
    return last;
}

}  // namespace bedrock_detail

POLYLLM_DECL std::optional<bedrock_route> bedrock_route_of(std::string_view path) {
    constexpr std::string_view prefix = "/model/";
    if (!path.starts_with(prefix)) return std::nullopt;
    path.remove_prefix(prefix.size());
    const auto slash = path.find('/');
    if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
    const auto action = path.substr(slash + 1);
    if (action != "converse" && action != "converse-stream") return std::nullopt;
    return bedrock_route{std::string(path.substr(0, slash)), action == "converse-stream"};
}

POLYLLM_DECL planned_response bedrock_error(int status, std::string_view type, std::string message) {
    planned_response out;
    out.status = status;
    out.headers = {{"content-type", "application/json"}, {"x-amzn-ErrorType", std::string(type) + ":http://internal.amazon.com/coral/com.amazon.bedrock/"}};
    out.body = nlohmann::json{{"message", std::move(message)}}.dump();
    return out;
}

POLYLLM_DECL std::optional<std::string> bedrock_signature_problem(const server_request& req,
                                                                 const local_server_options& options) {
    if (options.aws_access_key_id.empty()) return std::nullopt;
    const std::string authorization(req.headers.value_or_empty("authorization"));
    constexpr std::string_view algorithm = "AWS4-HMAC-SHA256 Credential=";
    if (!authorization.starts_with(algorithm)) return "Missing Authentication Token";
    // Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex
    auto field = [&](std::string_view name) -> std::string {
        const auto at = authorization.find(name);
        if (at == std::string::npos) return {};
        const auto start = at + name.size();
        return authorization.substr(start, authorization.find(',', start) - start);
    };
    const auto credential = field("Credential=");
    const auto signed_names = field("SignedHeaders=");
    const auto signature = field("Signature=");
    std::vector<std::string> scope;
    for (std::size_t from = 0;;) {
        const auto slash = credential.find('/', from);
        scope.push_back(credential.substr(from, slash - from));
        if (slash == std::string::npos) break;
        from = slash + 1;
    }
    if (scope.size() != 5 || scope[0] != options.aws_access_key_id)
        return "The security token included in the request is invalid.";
    const std::string date(req.headers.value_or_empty("x-amz-date"));
    const auto when = bedrock_detail::parse_amz_date(date);
    if (!when) return "Missing x-amz-date";
    const auto payload_hash = auth::sha256_hex(req.body);
    if (auto sent = req.headers.find("x-amz-content-sha256"); sent && *sent != payload_hash)
        return "The provided 'x-amz-content-sha256' header does not match what was computed.";
    auth::sigv4_message message{req.method, std::string_view(req.target).substr(0, req.target.find('?')),
                                req.target.find('?') == std::string::npos
                                    ? std::string_view{}
                                    : std::string_view(req.target).substr(req.target.find('?') + 1),
                                {}, payload_hash};
    for (std::size_t from = 0; from <= signed_names.size();) {
        const auto semi = signed_names.find(';', from);
        const auto name = signed_names.substr(from, semi - from);
        for (const auto& h : req.headers)
            if (polyllm::detail::iequals(h.name, name)) message.headers.emplace_back(h.name, h.value);
        if (semi == std::string::npos) break;
        from = semi + 1;
    }
    const auth::sigv4_scope signing{scope[2], scope[3], *when};
    const auto expected = auth::sigv4_signature(
        secret(options.aws_secret_access_key), signing,
        auth::sigv4_string_to_sign(signing, auth::sigv4_canonical_request(message)));
    if (expected != signature)
        return "The request signature we calculated does not match the signature you provided. Check your AWS "
               "Secret Access Key and signing method. Consult the service documentation for details.";
    return std::nullopt;
}

POLYLLM_DECL std::optional<planned_response> local_responder::bedrock(const server_request& req) {
    const auto route = bedrock_route_of(path_of(req.target));
    if (!route) return std::nullopt;
    if (req.method != "POST") return bedrock_error(405, "ValidationException", "use POST");
    const int n = ++requests_;
    const bool bearer = !options_.api_key.empty() &&
                        req.headers.value_or_empty("authorization") == "Bearer " + options_.api_key;
    planned_response out;
    if (!bearer && !options_.api_key.empty() && options_.aws_access_key_id.empty()) {
        out = bedrock_error(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    } else if (auto problem = bearer ? std::nullopt : bedrock_signature_problem(req, options_)) {
        const std::string_view type = problem->starts_with("The request signature") ? "InvalidSignatureException"
                                                                                   : "UnrecognizedClientException";
        out = bedrock_error(403, type, std::move(*problem));
    } else if (options_.fail_status != 0 && (n - 1) % std::max(options_.fail_every, 1) == 0) {
        out = bedrock_error(options_.fail_status, options_.fail_status == 429 ? "ThrottlingException"
                                                                              : "ServiceUnavailableException",
                            "injected failure for request " + std::to_string(n));
    } else {
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (!body.is_object()) {
            out = bedrock_error(400, "ValidationException", "the request body is not a JSON object");
        } else {
            const auto text = bedrock_detail::last_user_text(body);
            const auto pieces = detail::split_tokens(text);
            const nlohmann::json usage{{"inputTokens", std::int64_t(approximate_tokens(req.body).tokens)},
                                       {"outputTokens", std::int64_t(pieces.size())},
                                       {"totalTokens", std::int64_t(approximate_tokens(req.body).tokens + pieces.size())}};
            if (!route->stream) {
                out.headers = {{"content-type", "application/json"}};
                out.body = nlohmann::json{{"output", {{"message", {{"role", "assistant"},
                                                                   {"content", {{{"text", text}}}}}}}},
                                          {"stopReason", "end_turn"}, {"usage", usage}, {"metrics", {{"latencyMs", 1}}}}
                               .dump();
            } else {
                using bedrock_detail::event_frame;
                out.streamed = true;
                out.headers = {{"content-type", "application/vnd.amazon.eventstream"}};
                out.events.push_back(event_frame("messageStart", {{"role", "assistant"}}));
                for (const auto& p : pieces)
                    out.events.push_back(
                        event_frame("contentBlockDelta", {{"contentBlockIndex", 0}, {"delta", {{"text", p}}}}));
                out.events.push_back(event_frame("contentBlockStop", {{"contentBlockIndex", 0}}));
                out.events.push_back(event_frame("messageStop", {{"stopReason", "end_turn"}}));
                out.events.push_back(event_frame("metadata", {{"usage", usage}, {"metrics", {{"latencyMs", 1}}}}));
                const std::size_t at = std::min<std::size_t>(2, out.events.size() - 1);
                if (options_.bedrock_fault == "bad-crc") {
                    auto& frame = out.events[at];
                    frame[frame.size() - 6] = char(frame[frame.size() - 6] ^ 0x01);  // in the payload
                } else if (options_.bedrock_fault == "cut-frame") {
                    out.events[at].resize(out.events[at].size() / 2);
                    out.events.resize(at + 1);
                } else if (options_.bedrock_fault == "exception") {
                    out.events.resize(at);
                    out.events.push_back(wire::encode_event_stream_message(
                        {{bedrock_detail::string_header(":exception-type", "throttlingException"),
                          bedrock_detail::string_header(":content-type", "application/json"),
                          bedrock_detail::string_header(":message-type", "exception")},
                         nlohmann::json{{"message", "Too many requests, please wait before trying again."}}.dump()}));
                }
                out.event_delay = options_.token_delay;
            }
        }
    }
    out.headers.emplace_back("x-amzn-RequestId", "req-local-" + std::to_string(n));
    out.stall = options_.stall;
    out.drop_midway = options_.drop_mid_stream && out.status == 200;
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
