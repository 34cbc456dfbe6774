// polyllm's libFuzzer targets, in one binary so that the library's headers are compiled once: the target is chosen
// by name with POLYLLM_FUZZ_TARGET=<name> or a `--target=<name>` argument (libFuzzer ignores arguments that start
// with "--"). `polyllm-fuzz --list` prints the names. scripts/fuzz runs them all.
//
// Besides "no crash, no leak, no undefined behaviour", the incremental parsers are held to their contract: the
// input delivered whole and delivered in pieces (sizes taken from the input's first byte) give the same result.

#include <polyllm/polyllm.hpp>
#include <polyllm/detail/ndjson.hpp>
#include <polyllm/wire/event_stream.hpp>

#include "../support/pieces.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;
using polyllm_test::pieces;

namespace {

[[noreturn]] void violated(const char* what, const std::string& whole, const std::string& split) {
    std::fprintf(stderr, "polyllm-fuzz: %s\n--- whole:\n%s\n--- split:\n%s\n", what, whole.c_str(), split.c_str());
    std::abort();
}

// The first byte steers the target (piece size, limits, flags); the rest is the input proper.
struct steered {
    unsigned control = 0;
    std::string_view input;
};
steered steer(std::string_view data) {
    if (data.empty()) return {};
    return {static_cast<unsigned char>(data.front()), data.substr(1)};
}

// ------------------------------------------------------------------------------------------------ HTTP framing

template <class Parser>
std::string parse_http(const std::vector<std::string_view>& reads, detail::http_parser_limits limits, bool head) {
    Parser parser(limits);
    if constexpr (!Parser::is_request)
        if (head) parser.set_request_method("HEAD");
    std::ostringstream out;
    auto describe_message = [&] {
        if constexpr (Parser::is_request) out << parser.method() << ' ' << parser.target();
        else out << parser.status() << ' ' << parser.reason();
        out << " 1." << parser.version_minor() << " keep-alive=" << parser.keep_alive() << '\n';
        for (const auto& h : parser.headers()) out << h.name << ": " << h.value << '\n';
        for (const auto& h : parser.trailers()) out << "trailer " << h.name << ": " << h.value << '\n';
    };
    int messages = 0;
    for (auto piece : reads) {
        while (!piece.empty()) {
            if (parser.done()) {  // pipelined: the next message on the same connection
                describe_message();
                if (++messages == 8) return out.str();
                parser.reset();
                if constexpr (!Parser::is_request)
                    if (head) parser.set_request_method("HEAD");
            }
            auto used = parser.put(piece, [&](std::string_view body) { out << body; });
            if (!used) {
                out << "\nerror: " << used.error().message;
                return out.str();
            }
            if (used.value() == 0 && !parser.done() && !parser.header_done())
                violated("the parser made no progress", std::string(piece), {});
            piece.remove_prefix(used.value());
        }
    }
    if (auto eof = parser.put_eof(); !eof) out << "\neof: " << eof.error().message;
    describe_message();
    return out.str();
}

template <class Parser>
void http_target(std::string_view data, std::string_view prefix = {}) {
    const auto [control, rest] = steer(data);
    const std::string input = std::string(prefix) + std::string(rest);
    detail::http_parser_limits limits;
    if (control & 1) limits.header_bytes = 200;
    if (control & 2) limits.body_bytes = 300;
    const bool head = control & 4;
    const auto whole = parse_http<Parser>({input}, limits, head);
    const auto split = parse_http<Parser>(pieces<std::string_view>(input, (control >> 3) + 1), limits, head);
    if (whole != split) violated("HTTP: split input parsed differently", whole, split);
}

// ------------------------------------------------------------------------------------------------ SSE, NDJSON

std::string parse_sse(const std::vector<std::string_view>& reads, std::size_t limit) {
    detail::sse_parser parser(limit);
    std::ostringstream out;
    for (auto piece : reads) {
        const auto status = parser.feed(piece, [&](const detail::sse_event& e) {
            out << "event " << e.type << " id " << e.last_event_id << " data " << e.data.size() << ':' << e.data
                << '\n';
        });
        if (status != detail::sse_parser::status::ok) {
            out << "status " << int(status);
            return out.str();
        }
    }
    out << "partial " << parser.has_partial_event() << " retry " << parser.retry_ms().value_or(0);
    return out.str();
}

void sse_target(std::string_view data) {
    const auto [control, input] = steer(data);
    const std::size_t limit = (control & 1) ? 64 : 16 * 1024 * 1024;
    const auto whole = parse_sse({input}, limit);
    const auto split = parse_sse(pieces<std::string_view>(input, (control >> 1) + 1), limit);
    if (whole != split) violated("SSE: split input parsed differently", whole, split);
}

std::string split_ndjson(const std::vector<std::string_view>& reads, std::size_t limit) {
    detail::ndjson_splitter splitter(limit);
    std::ostringstream out;
    for (auto piece : reads) {
        const auto status = splitter.feed(piece, [&](std::string_view line) { out << line.size() << ':' << line << '\n'; });
        if (status != detail::ndjson_splitter::status::ok) {
            out << "status " << int(status);
            return out.str();
        }
    }
    out << "partial " << splitter.has_partial_line();
    return out.str();
}

void ndjson_target(std::string_view data) {
    const auto [control, input] = steer(data);
    const std::size_t limit = (control & 1) ? 64 : 16 * 1024 * 1024;
    const auto whole = split_ndjson({input}, limit);
    const auto split = split_ndjson(pieces<std::string_view>(input, (control >> 1) + 1), limit);
    if (whole != split) violated("NDJSON: split input split differently", whole, split);
}

std::string frame_event_stream(const std::vector<std::string_view>& reads, std::size_t limit) {
    wire::event_stream_parser parser(limit);
    std::ostringstream out;
    for (auto piece : reads) {
        auto fed = parser.feed(piece, [&](const wire::event_stream_message_view& m) {
            for (const auto& h : m.headers)
                out << h.name << '(' << int(h.type) << ")=" << h.integer << '/' << h.bytes.size() << ':' << h.bytes << ';';
            out << m.payload.size() << ':' << m.payload << '\n';
            // What was decoded encodes back to a message that decodes the same (the local server writes with it).
            const auto again = wire::encode_event_stream_message(m.to_message());
            wire::event_stream_parser check;
            std::size_t count = 0;
            auto same = [&](const wire::event_stream_message_view& n) { count += n.payload == m.payload; };
            if (!check.feed(again, same) || count != 1)
                violated("event stream: a decoded message did not survive encoding", std::string(m.payload), again);
        });
        if (!fed) {
            out << "failed " << fed.error().message;
            return out.str();
        }
    }
    out << "partial " << parser.has_partial_message();
    return out.str();
}

void event_stream_target(std::string_view data) {
    const auto [control, input] = steer(data);
    const std::size_t limit = (control & 1) ? 64 : 16 * 1024 * 1024;
    const auto whole = frame_event_stream({input}, limit);
    const auto split = frame_event_stream(pieces<std::string_view>(input, (control >> 1) + 1), limit);
    if (whole != split) violated("event stream: split input framed differently", whole, split);
}

// ------------------------------------------------------------------------------------------------ providers

constexpr int statuses[] = {200, 200, 200, 200, 201, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529};

std::string describe(const error& e) {
    return e.to_string() + " type=" + e.type + " retry_after=" +
           std::to_string(e.retry_after ? e.retry_after->count() : -1) +
           (e.partial ? " partial=" + e.partial->message.text() : std::string());
}

template <class P>
void parse_target(std::string_view data) {
    const auto [control, body] = steer(data);
    http_response response{statuses[control % std::size(statuses)], "Whatever", {}, std::string(body)};
    response.headers.add("content-type", (control & 0x80) ? "text/html" : "application/json");
    if (control & 0x40) response.headers.add("retry-after", "7");
    llm_config config;
    typename P::options options{};
    const call_context<typename P::options> ctx{config, options, false};
    auto parsed = P{}.parse(response, ctx);
    if (parsed) {
        const auto& c = parsed.value();
        (void)c.message.text();
        for (const auto& call : c.message.tool_calls) (void)call.arguments.size();
    } else {
        (void)describe(parsed.error());
        (void)P{}.should_retry(parsed.error());
    }
    if constexpr (EmbeddingProvider<P>) {
        auto embedded = P{}.parse_embeddings(response, control % 4, ctx);
        if (!embedded) (void)describe(embedded.error());
    }
}

template <class P>
std::string decode_stream(const std::vector<std::string_view>& reads) {
    llm_config config;
    typename P::options options{};
    auto decoder = P{}.make_stream_decoder(call_context<typename P::options>{config, options, true});
    std::vector<stream_event> events;
    std::ostringstream out;
    auto emit = [&](stream_event&& e) {
        events.push_back(std::move(e));
        return true;
    };
    auto outcome = [&]() -> result<void> {
        for (auto piece : reads)
            if (auto fed = decoder.feed(piece, emit); !fed) return fed;
        return decoder.finish();
    }();
    stream_accumulator accumulated;
    for (const auto& e : events) {
        accumulated.add(e);
        out << e.index() << ';';
    }
    const auto c = accumulated.take();
    out << "\ntext " << c.message.text() << "\nrefusal " << c.message.refusal << "\nfinish " << int(c.finish_reason)
        << "\ncalls " << c.message.tool_calls.size();
    for (const auto& call : c.message.tool_calls) out << '\n' << call.id << ' ' << call.name << ' ' << call.arguments;
    out << "\nusage " << c.usage.prompt_tokens.value_or(-1) << ' ' << c.usage.completion_tokens.value_or(-1);
    if (!outcome) out << "\nerror " << describe(outcome.error());
    return out.str();
}

template <class P>
void stream_target(std::string_view data) {
    const auto [control, input] = steer(data);
    const auto whole = decode_stream<P>({input});
    const auto split = decode_stream<P>(pieces<std::string_view>(input, control + 1));
    if (whole != split) violated("stream: split input decoded differently", whole, split);
}

// ------------------------------------------------------------------------------------------------ error text

// What a server writes into an error reaches messages, logs and terminals only as one line of printable text,
// capped (detail::shown_server_text): no C0 control or DEL, whatever the bytes, in every provider's error parsing.
void check_shown(const char* where, const std::string& text, std::size_t limit, std::string_view input) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            violated((std::string(where) + ": a control character in an error").c_str(), std::string(input), text);
    if (text.size() > limit)
        violated((std::string(where) + ": an error longer than the cap").c_str(), std::string(input), text);
}

void check_error(const char* where, const error& e, std::string_view input) {
    constexpr std::size_t field_limit = detail::server_text_limit + 64;  // "HTTP 400: " and "... (N bytes in all)"
    check_shown(where, e.message, field_limit, input);
    check_shown(where, e.type, field_limit, input);
    check_shown(where, e.request_id, field_limit, input);
    check_shown(where, e.to_string(), 2 * field_limit + 128, input);
}

template <class P>
void check_parsed_error(const char* where, int status, const std::string& body, std::string_view input) {
    llm_config config;
    typename P::options options{};
    http_response response{status, "Whatever", {}, body};
    response.headers.add("x-request-id", std::string(input.substr(0, 64)));
    response.headers.add("request-id", std::string(input.substr(0, 64)));
    auto parsed = P{}.parse(response, call_context<typename P::options>{config, options, false});
    if (!parsed) check_error(where, parsed.error(), input);
}

template <class P>
void check_stream_error(const char* where, const std::string& stream, std::string_view input) {
    llm_config config;
    typename P::options options{};
    auto decoder = P{}.make_stream_decoder(call_context<typename P::options>{config, options, true});
    auto outcome = decoder.feed(stream, [](stream_event&&) { return true; });
    if (outcome) outcome = decoder.finish();
    if (!outcome) check_error(where, outcome.error(), input);
}

// The bytes as an error body (the first byte picks the status, 400 to 599), and as the message and type inside each
// provider's JSON error shape, so that the fuzzer need not find the shape to reach the fields an error copies.
void error_text_target(std::string_view data) {
    const auto [control, input] = steer(data);
    const int status = 400 + int(control % 200);
    const std::string raw(input);
    check_parsed_error<openai>("openai", status, raw, input);
    check_parsed_error<azure>("azure", status, raw, input);
    check_parsed_error<anthropic>("anthropic", status, raw, input);
    check_parsed_error<gemini>("gemini", status, raw, input);

    const auto text = nlohmann::json(raw).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const auto openai_error = R"({"error":{"message":)" + text + R"(,"type":)" + text + R"(,"code":)" + text + "}}";
    const auto anthropic_error =
        R"({"type":"error","error":{"type":)" + text + R"(,"message":)" + text + R"(},"request_id":)" + text + "}";
    const auto gemini_error = R"({"error":{"code":400,"message":)" + text + R"(,"status":)" + text +
                              R"(,"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":)" + text +
                              "}]}}";
    check_parsed_error<openai>("openai json", status, openai_error, input);
    check_parsed_error<openai>("openai bare", status, R"({"message":)" + text + "}", input);
    check_parsed_error<anthropic>("anthropic json", status, anthropic_error, input);
    check_parsed_error<gemini>("gemini json", status, gemini_error, input);
    check_parsed_error<gemini>("gemini array", status, "[" + gemini_error + "]", input);

    check_stream_error<openai>("openai stream", "data: " + openai_error + "\n\n", input);
    check_stream_error<anthropic>("anthropic stream", "event: error\ndata: " + anthropic_error + "\n\n", input);
    check_stream_error<gemini>("gemini stream", "data: " + gemini_error + "\n\n", input);
    check_stream_error<gemini>("gemini blocked",
                               R"(data: {"promptFeedback":{"blockReason":)" + text + R"(,"blockReasonMessage":)" +
                                   text + "}}\n\n",
                               input);
    check_stream_error<openai>("openai stream data", "data: " + raw + "\n\n", input);
    check_parsed_error<ollama_chat>("ollama_chat", status, raw, input);
    check_parsed_error<ollama_chat>("ollama_chat json", status, R"({"error":)" + text + "}", input);
    const auto pull_error = nlohmann::json{{"error", "model \"" + raw + "\" not found, try pulling it first"}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    check_parsed_error<ollama_chat>("ollama_chat pull", 404, pull_error, input);
    check_stream_error<ollama_chat>("ollama_chat stream", R"({"error":)" + text + "}\n", input);
}

// ------------------------------------------------------------------------------------------------ the rest

void config_toml_target(std::string_view data) {
    auto loaded = parse_config_toml<anthropic>(data, "fuzz.toml", environment::none());
    if (!loaded) {
        (void)loaded.error().to_string();
        return;
    }
    for (const auto& name : {"llm", "claude", "x"}) {
        auto settings = loaded.value().get(name);
        if (settings) (void)settings.value().config.model.size();
    }
}

// Lines NAME=VALUE become the environment the configuration is read from.
void config_environment_target(std::string_view data) {
    std::map<std::string, std::string, std::less<>> variables;
    while (!data.empty()) {
        const auto eol = data.find('\n');
        const auto line = data.substr(0, eol);
        data.remove_prefix(eol == std::string_view::npos ? data.size() : eol + 1);
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        variables[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    const auto error_text = [](const std::map<std::string, std::string, std::less<>>& env) {
        auto settings = config_from_environment<anthropic>(environment::from(env));
        return settings ? std::string() : settings.error().to_string();
    };
    const auto text = error_text(variables);
    const auto key = variables.find("LLM_API_KEY");
    if (key == variables.end()) return;
    // The key must never be shown, even when the value around it is bad. Exactly: with the key replaced by a
    // sentinel found nowhere else, the sentinel must not appear; and the key itself may appear only as often as
    // without it (the fuzzer picks keys such as "variable LLM_T" that the messages' own wording contains).
    // The fuzzer learns the sentinel from this very comparison and plants it in other variables, whose values an
    // error may quote: the sentinel must occur in no input.
    std::string sentinel = "sk-polyllm-fuzz-sentinel-";
    for (int n = 0;; ++n) {
        const auto candidate = sentinel + std::to_string(n);
        bool occurs = false;
        for (const auto& [name, value] : variables) occurs = occurs || value.find(candidate) != std::string::npos;
        if (!occurs) {
            sentinel = candidate;
            break;
        }
    }
    auto with_sentinel = variables;
    with_sentinel[key->first] = sentinel;
    const auto sentinel_text = error_text(with_sentinel);
    if (sentinel_text.find(sentinel) != std::string::npos)
        violated("the API key appears in an error", sentinel_text, sentinel);
    const auto occurrences = [](std::string_view haystack, std::string_view needle) {
        std::size_t n = 0;
        for (auto at = haystack.find(needle); !needle.empty() && at != std::string_view::npos;
             at = haystack.find(needle, at + 1))
            ++n;
        return n;
    };
    if (key->second.size() >= 12 && occurrences(text, key->second) > occurrences(sentinel_text, key->second))
        violated("the API key appears in an error", text, key->second);
}

void fn_call_target(std::string_view data) {
    const auto [control, text] = steer(data);
    auto reply = fn_call::parse_reply(text, (control & 1) ? fn_call::reply_end::cut_by_limit : fn_call::reply_end::stopped);
    if (reply) (void)reply.value().content.size();
    else (void)reply.error().to_string();
}

void tiktoken_target(std::string_view data) {
    auto built = tokenizer::from_tiktoken(encoding::cl100k_base, data, "fuzz.tiktoken");
    if (!built) return;
    // A vocabulary that loads must encode any text and decode it back unchanged.
    const auto& t = built.value();
    const auto text = data.substr(0, 256);
    const auto ids = t.encode(text);
    auto back = t.decode(ids);
    if (!back || back.value() != text) violated("tiktoken: decode(encode(text)) != text", std::string(text), back ? back.value() : "error");
    if (t.count(text) != ids.size()) violated("tiktoken: count differs from encode", std::string(text), {});
}

// A compiled vocabulary image with the input XORed into it, at a place its first two bytes choose: refused, or opened
// and then every lookup stays inside the image (the sanitizers watch).
void vocabulary_image_target(std::string_view data) {
    static const std::string text = [] {
        std::string t;
        for (int b = 0; b < 256; ++b) t += detail::base64_encode(std::string(1, char(b))) + " " + std::to_string(b) + "\n";
        int rank = 256;
        for (const char* merge : {"he", "llo", "hello", " wo", "rld", " world", "a token longer than eight bytes"})
            t += detail::base64_encode(merge) + " " + std::to_string(rank++) + "\n";
        return t;
    }();
    static const auto digest = digest_vocabulary_text(text);
    static const std::string pristine = compile_vocabulary(vocabulary::parse_tiktoken(text, "fuzz").value(), digest);
    if (data.size() < 2) return;
    std::vector<std::uint64_t> words((pristine.size() + 7) / 8);
    std::memcpy(words.data(), pristine.data(), pristine.size());
    auto* image = reinterpret_cast<unsigned char*>(words.data());
    const std::size_t at = (std::size_t(std::uint8_t(data[0])) << 8 | std::uint8_t(data[1])) * 8 % pristine.size();
    data.remove_prefix(2);
    for (std::size_t i = 0; i < data.size() && at + i < pristine.size(); ++i) image[at + i] ^= std::uint8_t(data[i]);
    const auto opened = open_compiled_vocabulary({image, pristine.size()}, nullptr, digest);
    if (!opened) return;
    const auto& v = opened.value();
    for (token_id id = 0; id < 300; ++id) (void)v.find(v.bytes_of(id));
    for (std::size_t from = 0; from < data.size() && from < 64; ++from)
        for (std::size_t n = 1; n <= 20 && from + n <= data.size(); ++n) (void)v.find(data.substr(from, n));
}

// ------------------------------------------------------------------------------------------------ wire

// Any JSON as a tool's schema: the translation to Gemini's Schema never throws, writes only Gemini's keywords with
// values of the types Gemini reads, and the body writer writes exactly that value. The control byte sets the limits.
void gemini_schema_target(std::string_view data) {
    const auto [control, text] = steer(data);
    const auto schema = nlohmann::ordered_json::parse(text, nullptr, false);
    if (schema.is_discarded()) return;
    wire::gemini_schema_limits limits;
    limits.recursion = control & 3;
    limits.depth = 4 + ((control >> 2) & 31);
    if (control & 0x80) limits.nodes = 32;
    nlohmann::ordered_json out;
    try {
        out = wire::to_gemini_schema(schema, limits);
    } catch (const std::exception& e) {
        violated("gemini_schema: the translation threw", std::string(text), e.what());
    }
    if (auto where = wire::gemini_schema_violation(out); !where.empty())
        violated("gemini_schema: a keyword or value Gemini does not take", std::string(text), where);
    std::string written;
    detail::json_writer w(written);
    w.value(out);
    if (nlohmann::ordered_json::parse(written, nullptr, false) != out)
        violated("gemini_schema: the written schema reads back differently", out.dump(), written);
}

// Google credentials and tokens (auth/): a key file, a token endpoint's answer and a JWT from anywhere never crash
// the readers; base64url decodes only canonical text, which encodes back to itself; no error quotes a key file.
void google_auth_target(std::string_view data) {
    const auto [control, text] = steer(data);
    auto credentials = auth::parse_google_credentials(text, "fuzz.json");
    if (!credentials && text.size() > 64 && credentials.error().message.find(text) != std::string::npos)
        violated("google_credentials: an error quotes the file", std::string(text), credentials.error().message);
    const http_response answer{(control & 1) ? 400 : 200, "", {}, std::string(text)};
    (void)auth::parse_token_response(answer, std::chrono::system_clock::time_point{}, "fuzz.json");
    (void)auth::split_jwt(text);
    if (auto decoded = auth::base64url_decode(text); decoded && auth::base64url_encode(*decoded) != text)
        violated("base64url: a decoded text encodes back differently", std::string(text),
                 auth::base64url_encode(*decoded));
    if (auth::base64url_decode(auth::base64url_encode(text)) != std::string(text))
        violated("base64url: an encoded text decodes back differently", std::string(text),
                 auth::base64url_encode(text));
}

using target_function = void (*)(std::string_view);

const std::map<std::string_view, target_function>& targets() {
    static const std::map<std::string_view, target_function> all = {
        {"http_response", [](std::string_view d) { http_target<detail::http_response_parser>(d); }},
        {"http_request", [](std::string_view d) { http_target<detail::http_request_parser>(d); }},
        {"http_chunked",
         [](std::string_view d) {
             http_target<detail::http_response_parser>(d, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
         }},
        {"sse", sse_target},
        {"ndjson", ndjson_target},
        {"event_stream", event_stream_target},
        {"parse_openai", parse_target<openai>},
        {"parse_azure", parse_target<azure>},
        {"parse_anthropic", parse_target<anthropic>},
        {"parse_gemini", parse_target<gemini>},
        {"parse_openai_responses", parse_target<openai_responses>},
        {"stream_openai", stream_target<openai>},
        {"stream_anthropic", stream_target<anthropic>},
        {"stream_gemini", stream_target<gemini>},
        {"stream_openai_responses", stream_target<openai_responses>},
        {"stream_ollama_chat", stream_target<ollama_chat>},
        {"error_text", error_text_target},
        {"config_toml", config_toml_target},
        {"config_environment", config_environment_target},
        {"fn_call", fn_call_target},
        {"tiktoken", tiktoken_target},
        {"vocabulary_image", vocabulary_image_target},
        {"gemini_schema", gemini_schema_target},
        {"google_auth", google_auth_target},
    };
    return all;
}

target_function chosen = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    std::string_view name;
    if (const char* env = std::getenv("POLYLLM_FUZZ_TARGET")) name = env;
    for (int i = 1; i < *argc; ++i) {
        const std::string_view arg = (*argv)[i];
        if (arg == "--list") {
            for (const auto& [target, _] : targets()) std::printf("%.*s\n", int(target.size()), target.data());
            std::exit(0);
        }
        if (arg.starts_with("--target=")) name = arg.substr(9);
    }
    const auto found = targets().find(name);
    if (found == targets().end()) {
        std::fprintf(stderr, "polyllm-fuzz: choose a target with POLYLLM_FUZZ_TARGET or --target= (--list names them)\n");
        std::exit(2);
    }
    chosen = found->second;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chosen(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
