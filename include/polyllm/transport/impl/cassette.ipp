#pragma once
/// @file
/// @brief The definitions of <polyllm/transport/cassette.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/transport/cassette.hpp>

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/redact.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/environment.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

// Reads a result into a variable or member, or returns its error.
#define POLYLLM_DETAIL_CASSETTE_TRY(target, ...)          \
    auto POLYLLM_DETAIL_CASSETTE_CAT(tried_, __LINE__) = (__VA_ARGS__); \
    if (!POLYLLM_DETAIL_CASSETTE_CAT(tried_, __LINE__)) return POLYLLM_DETAIL_CASSETTE_CAT(tried_, __LINE__).error(); \
    target = std::move(POLYLLM_DETAIL_CASSETTE_CAT(tried_, __LINE__)).value()
#define POLYLLM_DETAIL_CASSETTE_CAT2(a, b) a##b
#define POLYLLM_DETAIL_CASSETTE_CAT(a, b) POLYLLM_DETAIL_CASSETTE_CAT2(a, b)

POLYLLM_NAMESPACE_BEGIN
namespace detail::cassette_form {

inline error bad_cassette(std::string what) {
    error e{errc::invalid_config, "cassette: " + std::move(what)};
    e.verdict = retry_verdict::no;
    return e;
}

// A body is written as JSON only when it is an object or an array: a bare "3" or "\"x\"" reads better as text,
// and an empty body stays "".
inline ordered_json body_form(const std::string& body) {
    if (body.empty() || (body.front() != '{' && body.front() != '[' && !is_space(body.front()))) return body;
    auto parsed = ordered_json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !(parsed.is_object() || parsed.is_array())) return body;
    return parsed;
}

inline std::string body_text(const ordered_json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

// Headers as an object, one line each; a repeated name (Set-Cookie) becomes an array of its values.
inline ordered_json headers_form(const http_headers& headers) {
    ordered_json out = ordered_json::object();
    for (const auto& h : headers) {
        auto it = out.find(h.name);
        if (it == out.end()) {
            out[h.name] = h.value;
        } else {
            if (!it->is_array()) *it = ordered_json::array({*it});
            it->push_back(h.value);
        }
    }
    return out;
}

inline result<http_headers> headers_from(const ordered_json& j, const std::string& where) {
    http_headers out;
    if (j.is_null()) return out;
    if (!j.is_object()) return bad_cassette(where + ": headers must be an object");
    for (const auto& [name, value] : j.items()) {
        if (value.is_string()) {
            out.add(name, value.get<std::string>());
        } else if (value.is_array()) {
            for (const auto& v : value) {
                if (!v.is_string()) return bad_cassette(where + ": header \"" + name + "\" must hold strings");
                out.add(name, v.get<std::string>());
            }
        } else {
            return bad_cassette(where + ": header \"" + name + "\" must be a string");
        }
    }
    return out;
}

// A piece made of whole SSE events whose data are JSON, as those events; empty when they would not rebuild the
// piece byte for byte (other fields, CRLF, pretty-printed data), so the file never changes what is replayed.
inline ordered_json sse_events(std::string_view piece) {
    ordered_json events = ordered_json::array();
    std::size_t at = 0;
    while (at < piece.size()) {
        auto end = piece.find("\n\n", at);
        if (end == std::string_view::npos) return nullptr;
        std::string_view block = piece.substr(at, end - at);
        ordered_json event = ordered_json::object();
        std::size_t line_at = 0;
        while (line_at <= block.size()) {
            auto line_end = std::min(block.find('\n', line_at), block.size());
            std::string_view line = block.substr(line_at, line_end - line_at);
            if (line.starts_with("event: ") && !event.contains("event") && !event.contains("data")) {
                event["event"] = std::string(line.substr(7));
            } else if (line.starts_with("data: ") && !event.contains("data")) {
                auto data = line.substr(6);
                auto parsed = ordered_json::parse(data, nullptr, false);
                if (parsed.is_discarded() || !(parsed.is_object() || parsed.is_array()))
                    event["data"] = std::string(data);
                else
                    event["data"] = std::move(parsed);
            } else {
                return nullptr;
            }
            line_at = line_end + 1;
        }
        if (!event.contains("data")) return nullptr;
        events.push_back(std::move(event));
        at = end + 2;
    }
    return events;
}

inline std::string sse_text(const ordered_json& events) {
    std::string out;
    for (const auto& e : events) {
        if (e.contains("event")) out.append("event: ").append(e["event"].get<std::string>()).append("\n");
        out.append("data: ").append(body_text(e["data"])).append("\n\n");
    }
    return out;
}

inline ordered_json piece_form(const recorded_piece& p) {
    ordered_json out = ordered_json::object();
    out["at_ms"] = p.at.count();
    auto events = sse_events(p.data);
    if (!events.is_null() && !events.empty()) {
        std::string rebuilt;
        try {
            rebuilt = sse_text(events);
        } catch (const nlohmann::json::exception&) {
            rebuilt.clear();
        }
        if (rebuilt == p.data) {
            out["events"] = std::move(events);
            return out;
        }
    }
    out["data"] = p.data;
    return out;
}

inline std::optional<errc> errc_named(std::string_view name) {
    for (int i = 0; i <= static_cast<int>(errc::cancelled); ++i)
        if (to_string(static_cast<errc>(i)) == name) return static_cast<errc>(i);
    return std::nullopt;
}

inline ordered_json exchange_form(const recorded_exchange& x) {
    ordered_json out = ordered_json::object();
    ordered_json req = ordered_json::object();
    req["method"] = x.request.method;
    req["url"] = x.request.url;
    if (x.request.stream) req["stream"] = true;
    req["headers"] = headers_form(x.request.headers);
    req["body"] = body_form(x.request.body);
    out["request"] = std::move(req);
    if (x.response) {
        ordered_json res = ordered_json::object();
        res["status"] = x.response->status;
        if (!x.response->reason.empty()) res["reason"] = x.response->reason;
        res["headers"] = headers_form(x.response->headers);
        if (x.streamed) {
            ordered_json pieces = ordered_json::array();
            for (const auto& p : x.pieces) pieces.push_back(piece_form(p));
            res["stream"] = std::move(pieces);
        } else {
            res["body"] = body_form(x.response->body);
        }
        out["response"] = std::move(res);
    }
    if (x.failure) {
        ordered_json e = ordered_json::object();
        e["kind"] = std::string(to_string(x.failure->kind()));
        e["message"] = x.failure->message;
        if (x.failure->http_status != 0) e["http_status"] = x.failure->http_status;
        out["error"] = std::move(e);
    }
    return out;
}

inline result<std::string> string_at(const ordered_json& j, const char* name, const std::string& where,
                                     bool required = true) {
    auto it = j.find(name);
    if (it == j.end()) {
        if (required) return bad_cassette(where + ": missing \"" + name + "\"");
        return std::string();
    }
    if (!it->is_string()) return bad_cassette(where + ": \"" + name + "\" must be a string");
    return it->get<std::string>();
}

inline result<recorded_exchange> exchange_from(const ordered_json& j, const std::string& where) {
    if (!j.is_object()) return bad_cassette(where + " must be an object");
    recorded_exchange x;
    auto req = j.find("request");
    if (req == j.end() || !req->is_object()) return bad_cassette(where + ": missing \"request\" object");
    const std::string req_where = where + ".request";
    POLYLLM_DETAIL_CASSETTE_TRY(x.request.method, string_at(*req, "method", req_where));
    POLYLLM_DETAIL_CASSETTE_TRY(x.request.url, string_at(*req, "url", req_where));
    if (auto s = req->find("stream"); s != req->end()) {
        if (!s->is_boolean()) return bad_cassette(req_where + ": \"stream\" must be true or false");
        x.request.stream = s->get<bool>();
    }
    POLYLLM_DETAIL_CASSETTE_TRY(x.request.headers, headers_from(req->value("headers", ordered_json()), req_where));
    if (auto b = req->find("body"); b != req->end()) x.request.body = body_text(*b);

    if (auto res = j.find("response"); res != j.end()) {
        const std::string res_where = where + ".response";
        if (!res->is_object()) return bad_cassette(res_where + " must be an object");
        auto status = res->find("status");
        if (status == res->end() || !status->is_number_integer())
            return bad_cassette(res_where + ": \"status\" must be an integer");
        http_response r;
        r.status = status->get<int>();
        POLYLLM_DETAIL_CASSETTE_TRY(r.reason, string_at(*res, "reason", res_where, false));
        POLYLLM_DETAIL_CASSETTE_TRY(r.headers, headers_from(res->value("headers", ordered_json()), res_where));
        if (auto stream = res->find("stream"); stream != res->end()) {
            if (!stream->is_array()) return bad_cassette(res_where + ": \"stream\" must be an array");
            x.streamed = true;
            std::size_t i = 0;
            for (const auto& p : *stream) {
                const std::string p_where = res_where + ".stream[" + std::to_string(i++) + "]";
                if (!p.is_object()) return bad_cassette(p_where + " must be an object");
                recorded_piece piece;
                auto at = p.find("at_ms");
                if (at != p.end()) {
                    if (!at->is_number_integer()) return bad_cassette(p_where + ": \"at_ms\" must be an integer");
                    piece.at = std::chrono::milliseconds(at->get<long long>());
                }
                if (auto events = p.find("events"); events != p.end()) {
                    if (!events->is_array()) return bad_cassette(p_where + ": \"events\" must be an array");
                    for (const auto& e : *events)
                        if (!e.is_object() || !e.contains("data") ||
                            (e.contains("event") && !e["event"].is_string()))
                            return bad_cassette(p_where + ": each event needs \"data\" (and a string \"event\")");
                    piece.data = sse_text(*events);
                } else {
                    POLYLLM_DETAIL_CASSETTE_TRY(piece.data, string_at(p, "data", p_where));
                }
                x.pieces.push_back(std::move(piece));
            }
        } else if (auto b = res->find("body"); b != res->end()) {
            r.body = body_text(*b);
        }
        x.response = std::move(r);
    }
    if (auto e = j.find("error"); e != j.end()) {
        const std::string e_where = where + ".error";
        if (!e->is_object()) return bad_cassette(e_where + " must be an object");
        POLYLLM_DETAIL_CASSETTE_TRY(auto kind, string_at(*e, "kind", e_where));
        auto code = errc_named(kind);
        if (!code) return bad_cassette(e_where + ": unknown kind \"" + kind + "\"");
        POLYLLM_DETAIL_CASSETTE_TRY(auto message, string_at(*e, "message", e_where, false));
        error failure{*code, std::move(message)};
        if (auto s = e->find("http_status"); s != e->end() && s->is_number_integer())
            failure.http_status = s->get<int>();
        x.failure = std::move(failure);
    }
    if (!x.response && !x.failure) return bad_cassette(where + ": needs a \"response\" or an \"error\"");
    return x;
}

inline void note(std::vector<std::string>& scrubbed, std::string what) {
    if (std::find(scrubbed.begin(), scrubbed.end(), what) == scrubbed.end()) scrubbed.push_back(std::move(what));
}

inline void add_secret(std::vector<std::string>& secrets, std::string_view value) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (value.empty() || value == redacted_marker) return;
    secrets.emplace_back(value);
    // "Bearer sk-..." and SigV4's "AWS4-HMAC-SHA256 Credential=..., Signature=...": what follows the scheme.
    if (auto space = value.find(' '); space != std::string_view::npos) add_secret(secrets, value.substr(space + 1));
}

// Credential query parameters: their values replaced, and kept in `secrets` to be removed everywhere else.
inline std::string scrub_query(std::string_view url, std::vector<std::string>& secrets,
                               std::vector<std::string>& scrubbed) {
    auto q = url.find('?');
    if (q == std::string_view::npos) return std::string(url);
    std::string out(url.substr(0, q + 1));
    std::string_view query = url.substr(q + 1);
    std::string_view fragment;
    if (auto hash = query.find('#'); hash != std::string_view::npos) {
        fragment = query.substr(hash);
        query = query.substr(0, hash);
    }
    bool first = true;
    while (true) {
        auto amp = query.find('&');
        std::string_view param = query.substr(0, amp);
        auto eq = param.find('=');
        std::string_view name = param.substr(0, eq);
        bool credential = false;
        for (auto known : credential_query_names)
            if (iequals(name, known)) credential = true;
        if (!first) out += '&';
        first = false;
        if (credential && eq != std::string_view::npos) {
            add_secret(secrets, param.substr(eq + 1));
            out.append(name).append("=").append(redacted_marker);
            note(scrubbed, std::string(name) + " query parameter");
        } else {
            out.append(param);
        }
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
    }
    out.append(fragment);
    return out;
}

// Besides the credential headers: SigV4's session token, and cookies both ways (a gateway's session is a credential).
inline bool is_recorded_credential(const http_header& h) {
    return is_credential(h) || iequals(h.name, "x-amz-security-token") || iequals(h.name, "cookie") ||
           iequals(h.name, "set-cookie");
}

inline void scrub_headers(http_headers& headers, std::vector<std::string>& secrets,
                          std::vector<std::string>& scrubbed) {
    http_headers out;
    for (const auto& h : headers) {
        if (is_recorded_credential(h)) {
            add_secret(secrets, h.value);
            out.add(h.name, std::string(redacted_marker));
            note(scrubbed, detail::to_lower(h.name) + " header");
        } else {
            out.add(h.name, h.value);
        }
    }
    headers = std::move(out);
}

inline void remove_secrets(std::string& text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) redact(text, s);
}

inline void remove_secrets(http_headers& headers, const std::vector<std::string>& secrets) {
    http_headers out;
    for (const auto& h : headers) {
        std::string value = h.value;
        remove_secrets(value, secrets);
        out.add(h.name, std::move(value));
    }
    headers = std::move(out);
}

// A secret in a stream may be cut by a piece boundary (a chunk that ends inside a key the server echoes), and then
// no one piece holds it. The pieces are searched as the one text they make; each whole occurrence is replaced by the
// marker in the piece where it starts, and its bytes are removed from every piece they fell in. `secrets` longer
// first, as order_secrets leaves them, so that a key inside a longer credential is covered by the longer one.
// Returns whether anything was replaced.
inline bool remove_secrets(std::vector<recorded_piece>& pieces, const std::vector<std::string>& secrets) {
    std::string joined;
    for (const auto& p : pieces) joined += p.data;
    std::vector<std::pair<std::size_t, std::size_t>> found;  // [begin, end) in `joined`, not overlapping
    for (const auto& s : secrets) {
        if (s.size() < detail::min_redacted_secret) continue;
        for (auto at = joined.find(s); at != std::string::npos; at = joined.find(s, at + 1)) {
            const bool overlaps = std::any_of(found.begin(), found.end(), [&](const auto& f) {
                return at < f.second && f.first < at + s.size();
            });
            if (!overlaps) found.emplace_back(at, at + s.size());
        }
    }
    if (found.empty()) return false;
    std::sort(found.begin(), found.end());
    std::size_t offset = 0, next = 0;  // next: the first range that does not end before the current byte
    for (auto& p : pieces) {
        const std::size_t end = offset + p.data.size();
        std::string out;
        for (std::size_t i = offset; i < end;) {
            while (next < found.size() && found[next].second <= i) ++next;
            if (next < found.size() && found[next].first <= i) {  // inside a secret
                if (found[next].first == i) out += detail::redacted_marker;
                i = std::min(end, found[next].second);
                continue;
            }
            const std::size_t stop = next < found.size() ? std::min(end, found[next].first) : end;
            out.append(joined, i, stop - i);
            i = stop;
        }
        p.data = std::move(out);
        offset = end;
    }
    return true;
}

// The configured keys first: a header's value ("Bearer sk-...") holds a key, and a key is found in text only when
// it is long enough not to garble it (see detail::min_redacted_secret).
inline std::vector<std::string> key_texts(const std::vector<secret>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys)
        if (!k.empty()) out.emplace_back(k.reveal());
    return out;
}

// Longer secrets first, so that a key inside a longer credential does not leave the rest of it behind.
inline void order_secrets(std::vector<std::string>& secrets) {
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
}

inline std::string request_target(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    auto path = url.find('/', scheme + 3);
    auto query = url.find('?', scheme + 3);
    auto start = std::min(path, query);
    if (start == std::string_view::npos) return "/";
    std::string out(url.substr(start, url.find('#', start) - start));
    if (out.front() == '?') out.insert(out.begin(), '/');
    return out;
}

inline std::string short_json(const nlohmann::json& j) {
    std::string text = j.is_string() ? j.get<std::string>() : j.dump();
    if (text.size() > 80) text = text.substr(0, 77) + "...";
    return text;
}

}  // namespace detail::cassette_form

#undef POLYLLM_DETAIL_CASSETTE_TRY
#undef POLYLLM_DETAIL_CASSETTE_CAT
#undef POLYLLM_DETAIL_CASSETTE_CAT2

POLYLLM_DECL std::string to_text(const cassette& c) {
    using namespace detail::cassette_form;
    ordered_json out = ordered_json::object();
    out["version"] = cassette::format_version;
    out["scrubbed"] = c.scrubbed;
    ordered_json exchanges = ordered_json::array();
    for (const auto& x : c.exchanges) exchanges.push_back(exchange_form(x));
    out["exchanges"] = std::move(exchanges);
    // Invalid UTF-8 in a body is written replaced rather than failing the whole recording.
    return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

POLYLLM_DECL result<cassette> parse_cassette(std::string_view text) {
    using namespace detail::cassette_form;
    ordered_json j;
    try {
        j = ordered_json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return bad_cassette(std::string("not JSON: ") + e.what());
    }
    if (!j.is_object()) return bad_cassette("the top level must be an object");
    auto version = j.find("version");
    if (version == j.end() || !version->is_number_integer())
        return bad_cassette("missing \"version\" (this polyllm writes version 1)");
    if (version->get<long long>() != cassette::format_version)
        return bad_cassette("version " + version->dump() + " is not supported (this polyllm reads version 1)");
    cassette out;
    if (auto s = j.find("scrubbed"); s != j.end()) {
        if (!s->is_array()) return bad_cassette("\"scrubbed\" must be an array of strings");
        for (const auto& name : *s) {
            if (!name.is_string()) return bad_cassette("\"scrubbed\" must be an array of strings");
            out.scrubbed.push_back(name.get<std::string>());
        }
    }
    auto exchanges = j.find("exchanges");
    if (exchanges == j.end() || !exchanges->is_array()) return bad_cassette("missing \"exchanges\" array");
    std::size_t i = 0;
    for (const auto& x : *exchanges) {
        auto exchange = exchange_from(x, "exchanges[" + std::to_string(i++) + "]");
        if (!exchange) return exchange.error();
        out.exchanges.push_back(std::move(exchange).value());
    }
    return out;
}

POLYLLM_DECL result<cassette> load_cassette(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            return error{errc::not_found, "cassette: no file " + path.string()};
        return error{errc::invalid_config, "cassette: cannot read " + path.string()};
    }
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = parse_cassette(text);
    if (!parsed) {
        error e = parsed.error();
        e.message = path.string() + ": " + e.message;
        return e;
    }
    return parsed;
}

POLYLLM_DECL result<void> save_cassette(const cassette& c, const std::filesystem::path& path) {
    std::string text;
    try {
        text = to_text(c);
    } catch (const nlohmann::json::exception& e) {
        return error{errc::invalid_config, std::string("cassette: cannot write: ") + e.what()};
    }
    auto temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return error{errc::invalid_config, "cassette: cannot write " + temp.string()};
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) return error{errc::invalid_config, "cassette: cannot write " + temp.string()};
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return error{errc::invalid_config, "cassette: cannot replace " + path.string()};
    }
    return success();
}

POLYLLM_DECL void scrub(http_request& r, const std::vector<secret>& keys, std::vector<std::string>& scrubbed) {
    recorded_exchange x;
    x.request = std::move(r);
    scrub(x, keys, scrubbed);
    r = std::move(x.request);
}

POLYLLM_DECL void scrub(recorded_exchange& x, const std::vector<secret>& keys, std::vector<std::string>& scrubbed) {
    using namespace detail::cassette_form;
    std::vector<std::string> secrets = key_texts(keys);
    scrub_headers(x.request.headers, secrets, scrubbed);
    x.request.url = scrub_query(x.request.url, secrets, scrubbed);
    if (x.response) scrub_headers(x.response->headers, secrets, scrubbed);
    order_secrets(secrets);

    // What is left of a secret is removed wherever it stands: a server echoing the key in an error, a key in a
    // body or in a path. A change made by a configured key alone is named as such.
    std::vector<std::string> keys_only = key_texts(keys);
    order_secrets(keys_only);
    auto sweep = [&](std::string& text) {
        std::string before = text;
        remove_secrets(text, keys_only);
        if (text != before) note(scrubbed, "configured key");
        remove_secrets(text, secrets);
    };
    sweep(x.request.url);
    sweep(x.request.body);
    remove_secrets(x.request.headers, secrets);
    if (x.response) {
        sweep(x.response->body);
        sweep(x.response->reason);
        remove_secrets(x.response->headers, secrets);
    }
    if (remove_secrets(x.pieces, keys_only)) note(scrubbed, "configured key");
    remove_secrets(x.pieces, secrets);
    for (auto& p : x.pieces) sweep(p.data);  // what is left: the start of a key where the stream was cut
    if (x.failure) sweep(x.failure->message);
}

POLYLLM_DECL cassette_matcher::cassette_matcher(const cassette& c, match_options options)
    : options_(std::move(options)) {
    for (const auto& x : c.exchanges) {
        keys_.push_back(key_of(x.request));
        served_.push_back(false);
    }
}

POLYLLM_DECL void cassette_matcher::add_served(const recorded_exchange& x) {
    keys_.push_back(key_of(x.request));
    served_.push_back(true);
    ++served_count_;
}

inline cassette_matcher::key cassette_matcher::key_of(const http_request& r) const {
    key k{r.method, detail::cassette_form::request_target(r.url), nullptr, {}};
    auto parsed = nlohmann::json::parse(r.body, nullptr, false);
    if (!r.body.empty() && !parsed.is_discarded()) {
        for (const auto& pointer : options_.volatile_fields) {
            try {
                nlohmann::json::json_pointer p(pointer);
                if (!parsed.contains(p)) continue;
                auto parent = p.parent_pointer();
                auto& holder = parsed.at(parent);
                if (holder.is_object()) holder.erase(p.back());
                else if (holder.is_array()) holder.erase(std::stoul(p.back()));
            } catch (const std::exception&) {  // a malformed pointer, or an index that is not one: ignored
            }
        }
        k.body = std::move(parsed);
    } else {
        k.text = r.body;
    }
    return k;
}

POLYLLM_DECL result<std::size_t> cassette_matcher::take(const http_request& live) {
    using detail::cassette_form::short_json;
    const key k = key_of(live);
    std::optional<std::size_t> closest;
    std::size_t closest_score = 0;
    bool all_served = false;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        const auto& r = keys_[i];
        bool same_body = r.body == k.body && r.text == k.text;
        if (r.method == k.method && r.target == k.target && same_body) {
            if (!served_[i]) {
                served_[i] = true;
                ++served_count_;
                return i;
            }
            all_served = true;
        }
        // Closeness: route first, then how little of the body differs.
        std::size_t score = (r.method == k.method ? 4 : 0) + (r.target == k.target ? 8 : 0) + (same_body ? 16 : 0);
        if (!same_body && !r.body.is_null() && !k.body.is_null()) {
            auto patch = nlohmann::json::diff(r.body, k.body);
            score += patch.size() < 3 ? 3 - patch.size() : 0;
        }
        if (!closest || score > closest_score) {
            closest = i;
            closest_score = score;
        }
    }
    std::string message = "replay: no recorded exchange for " + live.method + " " + k.target;
    if (all_served) {
        message += ": every recording of this request was already served (the test sends it more often than the "
                   "recorded run did)";
    } else if (!closest) {
        message += ": the cassette is empty";
    } else {
        const auto& r = keys_[*closest];
        message += "; closest is exchange " + std::to_string(*closest) + " (" + r.method + " " + r.target + ")";
        if (r.method != k.method) message += "; method differs";
        if (r.target != k.target) message += "; path differs";
        if (!r.body.is_null() && !k.body.is_null() && r.body != k.body) {
            auto patch = nlohmann::json::diff(r.body, k.body);
            message += "; body differs:";
            std::size_t shown = 0;
            for (const auto& op : patch) {
                if (shown++ == 4) {
                    message += " (" + std::to_string(patch.size() - 4) + " more)";
                    break;
                }
                auto path = op["path"].get<std::string>();
                auto recorded = nlohmann::json::json_pointer(path);
                std::string was = r.body.contains(recorded) ? short_json(r.body.at(recorded)) : "(absent)";
                std::string now = op.contains("value") ? short_json(op["value"]) : "(absent)";
                message += (shown == 1 ? " " : "; ") + path + ": recorded " + was + ", sent " + now;
            }
        } else if (r.text != k.text || r.body.is_null() != k.body.is_null()) {
            message += "; body differs";
        }
    }
    error e{errc::invalid_config, std::move(message)};
    e.verdict = retry_verdict::no;
    return e;
}

POLYLLM_DECL result<record_mode> parse_record_mode(std::string_view text) {
    for (auto m : {record_mode::once, record_mode::none, record_mode::new_episodes, record_mode::all})
        if (text == to_string(m)) return m;
    return error{errc::invalid_config,
                 "record mode \"" + std::string(text) + "\" is not one of once, none, new_episodes, all"};
}

POLYLLM_DECL result<record_mode> record_mode_from_env(record_mode fallback) {
    auto value = environment::process().get(record_mode_env);
    if (!value || value->empty()) return fallback;
    auto mode = parse_record_mode(*value);
    if (!mode) {
        error e = mode.error();
        e.message = std::string(record_mode_env) + ": " + e.message;
        return e;
    }
    return mode;
}

POLYLLM_NAMESPACE_END
