// wire's error readers: the common error body family and a provider's own shape, classified once with a verdict,
// the server's text made fit to show.

#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

using namespace polyllm;
using namespace std::chrono_literals;

TEST_CASE("error_from_body reads the {\"error\": {message, type, code}} family", "[wire][error_body]") {
    const auto e = wire::error_from_body(
        429, R"({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}})");
    CHECK(e.kind() == errc::rate_limited);
    CHECK(e.http_status == 429);
    CHECK(e.message == "Rate limit reached");
    CHECK(e.type == "rate_limit_exceeded");  // the code, the more specific of the two
    CHECK(e.verdict == retry_verdict::yes);

    const auto numeric = wire::error_from_body(400, R"({"error": {"message": "bad", "type": "invalid", "code": 1234}})");
    CHECK(numeric.type == "1234");
    CHECK(numeric.kind() == errc::bad_request);
    CHECK(numeric.verdict == retry_verdict::no);

    CHECK(wire::error_from_body(500, R"({"error": "upstream failed"})").message == "upstream failed");
    CHECK(wire::error_from_body(404, R"({"message": "no such model"})").message == "no such model");
}

TEST_CASE("error_from_body: a prompt too long is the context window, and not retried", "[wire][error_body]") {
    const auto e = wire::error_from_body(
        400, R"({"error": {"message": "This model's maximum context length is 8192 tokens", "type": "invalid"}})");
    CHECK(e.kind() == errc::context_window_exceeded);
    CHECK(e.verdict == retry_verdict::no);
    // The same words on a 5xx are a server failure.
    CHECK(wire::error_from_body(500, R"({"error": {"message": "maximum context length"}})").kind() ==
          errc::server_error);
}

TEST_CASE("error_from_body: a body that is not the dialect's says its status and its start", "[wire][error_body]") {
    const auto html = wire::error_from_body(502, "<html>\r\n<body>Bad Gateway</body>\r\n</html>");
    CHECK(html.kind() == errc::server_error);
    CHECK(html.message.rfind("HTTP 502: <html>", 0) == 0);
    CHECK(html.message.find('\n') == std::string::npos);  // one line
    CHECK(html.verdict == retry_verdict::yes);
    CHECK(wire::error_from_body(503, "").message == "HTTP 503 with an empty body");
    CHECK(wire::error_from_body(401, R"([1, 2])").kind() == errc::authentication);
    const std::string page(5000, 'x');
    CHECK(wire::error_from_body(500, page).message.size() < 300);  // an excerpt, not the page
}

TEST_CASE("error_from_body: the server's text is one line, control characters escaped", "[wire][error_body]") {
    const auto e = wire::error_from_body(400, "{\"error\": {\"message\": \"line one\\nforged\\u001b[2J\"}}");
    CHECK(e.message.find('\n') == std::string::npos);
    CHECK(e.message.find('\x1b') == std::string::npos);
    CHECK(e.message.find("forged") != std::string::npos);
}

namespace {

// A provider's own shape: {"fault": {"reason", "detail", "retry_in_ms", "trace"}}.
std::optional<wire::error_fields> read_fault(const nlohmann::json& body) {
    const auto* fault = body.is_object() ? wire::object_or_null(body, "fault") : nullptr;
    if (!fault) return std::nullopt;
    wire::error_fields f;
    f.type = wire::string_or_empty(*fault, "reason");
    f.message = wire::string_or_empty(*fault, "detail");
    f.request_id = wire::string_or_empty(*fault, "trace");
    if (auto ms = wire::int_or_null(*fault, "retry_in_ms")) f.retry_after = std::chrono::milliseconds(*ms);
    return f;
}

errc classify_fault(int status, const wire::error_fields& f) {
    if (f.type == "busy") return errc::service_unavailable;
    if (f.type == "no_credit") return errc::quota_exceeded;
    return wire::errc_for_status(status);
}

constexpr wire::error_dialect fault_dialect{read_fault, classify_fault,
                                           {.statuses = {429}, .always = {errc::service_unavailable}}};

}  // namespace

TEST_CASE("an error dialect reads a provider's own shape, with its retry hint and request id", "[wire][error_body]") {
    const auto e = wire::error_from_body(
        400, R"({"fault": {"reason": "busy", "detail": "try later", "retry_in_ms": 1500, "trace": "t-1"}})",
        fault_dialect);
    CHECK(e.kind() == errc::service_unavailable);
    CHECK(e.type == "busy");
    CHECK(e.message == "try later");
    CHECK(e.retry_after == 1500ms);
    CHECK(e.request_id == "t-1");
    CHECK(e.verdict == retry_verdict::yes);  // the table's `always`, though a 400

    const auto spent = wire::error_from_body(429, R"({"fault": {"reason": "no_credit", "detail": "top up"}})",
                                             fault_dialect);
    CHECK(spent.kind() == errc::quota_exceeded);
    CHECK(spent.verdict == retry_verdict::no);  // never, though a 429

    // Another shape, or a field of the wrong type, is not the dialect's: the status alone.
    CHECK(wire::error_from_body(429, R"({"error": {"message": "x"}})", fault_dialect).message.rfind("HTTP 429", 0) == 0);
    CHECK(wire::error_from_body(400, R"({"fault": {"reason": 7}})", fault_dialect).message.rfind("HTTP 400", 0) == 0);
}

TEST_CASE("error_from_json reads parsed data as it is, e.g. a stream's error event", "[wire][error_body]") {
    const auto data = nlohmann::json::parse(R"({"fault": {"reason": "busy", "detail": "overloaded"}})");
    const auto e = wire::error_from_json(200, data, fault_dialect);
    CHECK(e.kind() == errc::service_unavailable);
    CHECK(e.http_status == 200);
    CHECK(e.message == "overloaded");
    const auto unknown = wire::error_from_json(200, nlohmann::json{{"other", 1}}, fault_dialect);
    CHECK(unknown.kind() == errc::server_error);
    CHECK(unknown.message == R"(HTTP 200: {"other":1})");
}

TEST_CASE("error_from: the request id header wins over the body's", "[wire][error_body]") {
    http_response res{500, {}, {{"x-request-id", "req_header"}}, R"({"fault": {"reason": "x", "trace": "t-2"}})"};
    CHECK(wire::error_from(res, fault_dialect, "x-request-id").request_id == "req_header");
    CHECK(wire::error_from(res, fault_dialect).request_id == "t-2");
    res.headers = {};
    CHECK(wire::error_from(res, fault_dialect, "x-request-id").request_id == "t-2");
}
