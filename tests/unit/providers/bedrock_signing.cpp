#include <polyllm/auth/sigv4.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace polyllm;
using namespace polyllm::auth;
using polyllm_test::fixture;

namespace {

// 2015-08-30T12:36:00Z, the suite's signing time.
const auto suite_time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));

// One case of AWS's SigV4 test suite (tests/fixtures/bedrock/sigv4/<name>/): request.txt is the request as the
// suite writes it (a request line, headers with folded continuation lines, a blank line, the body).
struct suite_case {
    std::string method, path, query, body;
    std::vector<std::pair<std::string, std::string>> headers;
    aws_credentials credentials;
    bool normalize = true;
    bool sign_body = false;
};

suite_case read_case(const std::string& name) {
    suite_case c;
    const auto text = fixture("bedrock/sigv4/" + name + "/request.txt");
    const auto context = nlohmann::json::parse(fixture("bedrock/sigv4/" + name + "/context.json"));
    c.credentials.access_key_id = context["credentials"]["access_key_id"];
    c.credentials.secret_access_key = context["credentials"]["secret_access_key"].get<std::string>();
    if (context["credentials"].contains("token"))
        c.credentials.session_token = context["credentials"]["token"].get<std::string>();
    c.normalize = context["normalize"];
    c.sign_body = context["sign_body"];

    std::size_t pos = text.find('\n');
    const std::string line = text.substr(0, pos);
    // The target may hold spaces (get-space): it runs from the first space to the last.
    c.method = line.substr(0, line.find(' '));
    const std::string target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
    c.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) c.query = target.substr(target.find('?') + 1);
    ++pos;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string header = text.substr(pos, end - pos);
        pos = end + 1;
        if (header.empty()) {
            c.body = pos < text.size() ? text.substr(pos) : "";
            break;
        }
        if (header[0] == ' ' || header[0] == '\t') c.headers.back().second += " " + header;  // a folded line
        else c.headers.emplace_back(header.substr(0, header.find(':')), header.substr(header.find(':') + 1));
    }
    return c;
}

std::vector<std::string> suite_names() {
    std::vector<std::string> names;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(POLYLLM_FIXTURES_DIR) + "/bedrock/sigv4"))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

TEST_CASE("sigv4: every case of AWS's Signature Version 4 test suite", "[bedrock][sigv4]") {
    const auto names = suite_names();
    REQUIRE(names.size() >= 36);
    for (const auto& name : names) {
        INFO("case " << name);
        auto c = read_case(name);
        const sigv4_scope scope{"us-east-1", "service", suite_time};
        sigv4_message message{c.method, c.path, c.query, c.headers, sha256_hex(c.body)};
        message.headers.emplace_back("X-Amz-Date", amz_date(suite_time));
        if (!c.credentials.session_token.empty())
            message.headers.emplace_back("X-Amz-Security-Token", std::string(c.credentials.session_token.reveal()));
        if (c.sign_body) message.headers.emplace_back("X-Amz-Content-Sha256", message.payload_hash);

        const auto canonical = sigv4_canonical_request(message, c.normalize);
        CHECK(canonical == trimmed(fixture("bedrock/sigv4/" + name + "/header-canonical-request.txt")));
        const auto to_sign = sigv4_string_to_sign(scope, canonical);
        CHECK(to_sign == trimmed(fixture("bedrock/sigv4/" + name + "/header-string-to-sign.txt")));
        const auto signature = sigv4_signature(c.credentials.secret_access_key, scope, to_sign);
        CHECK(signature == trimmed(fixture("bedrock/sigv4/" + name + "/header-signature.txt")));
        const auto authorization = sigv4_authorization(message, c.credentials, scope, c.normalize);
        CHECK(authorization.ends_with("Signature=" + signature));
    }
}

TEST_CASE("sigv4: the derived key and the date forms", "[bedrock][sigv4]") {
    CHECK(amz_date(suite_time) == "20150830T123600Z");
    const sigv4_scope scope{"us-east-1", "iam", suite_time};
    CHECK(sigv4_credential_scope(scope) == "20150830/us-east-1/iam/aws4_request");
    // AWS's documented derived key for this secret, date, region and service.
    const auto key = sigv4_signing_key(secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), scope);
    std::string hex;
    for (auto b : key) {
        static constexpr char d[] = "0123456789abcdef";
        hex += d[b >> 4];
        hex += d[b & 0xf];
    }
    CHECK(hex == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sigv4: a Bedrock path is encoded again, so a model id's ':' signs as %253A", "[bedrock][sigv4]") {
    CHECK(sigv4_canonical_uri("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse") ==
          "/model/anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse");
    CHECK(sigv4_canonical_uri("/model/us.amazon.nova-pro-v1%3A0/converse-stream", false) ==
          "/model/us.amazon.nova-pro-v1%253A0/converse-stream");
    CHECK(sigv4_canonical_query("b=2&a=%41&c") == "a=A&b=2&c=");
}

TEST_CASE("sigv4: sigv4_sign signs the request as sent and afresh each time", "[bedrock][sigv4]") {
    http_request req;
    req.url = "https://bedrock-runtime.us-west-2.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse";
    req.body = R"({"messages":[]})";
    req.headers.add("content-type", "application/json");
    aws_credentials creds{"AKIDEXAMPLE", secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), secret("TOKEN123")};
    REQUIRE(sigv4_sign(req, creds, {"us-west-2", "bedrock", suite_time}));

    CHECK(req.headers.value_or_empty("x-amz-date") == "20150830T123600Z");
    CHECK(req.headers.value_or_empty("x-amz-content-sha256") == sha256_hex(req.body));
    CHECK(req.headers.value_or_empty("x-amz-security-token") == "TOKEN123");
    const std::string first(req.headers.value_or_empty("authorization"));
    CHECK_THAT(first, Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/bedrock/"
                                        "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
                                        "x-amz-date;x-amz-security-token, Signature="));
    for (const auto& h : req.headers)
        if (h.name == "Authorization" || h.name == "x-amz-security-token") CHECK(h.sensitive);

    // The same signature from the parts, with host as the transport writes it.
    sigv4_message message{"POST", "/model/amazon.nova-pro-v1%3A0/converse", "",
                          {{"host", "bedrock-runtime.us-west-2.amazonaws.com"},
                           {"content-type", "application/json"},
                           {"x-amz-date", "20150830T123600Z"},
                           {"x-amz-content-sha256", sha256_hex(req.body)},
                           {"x-amz-security-token", "TOKEN123"}},
                          sha256_hex(req.body)};
    CHECK(first == sigv4_authorization(message, creds, {"us-west-2", "bedrock", suite_time}));

    // A retry a second later: one of each header, a new date, a new signature.
    REQUIRE(sigv4_sign(req, creds, {"us-west-2", "bedrock", suite_time + std::chrono::seconds(1)}));
    std::size_t authorizations = 0;
    for (const auto& h : req.headers) authorizations += detail::iequals(h.name, "authorization");
    CHECK(authorizations == 1);
    CHECK(req.headers.value_or_empty("x-amz-date") == "20150830T123601Z");
    CHECK(req.headers.value_or_empty("authorization") != first);

    http_request bad;
    bad.url = "not a url";
    CHECK_FALSE(sigv4_sign(bad, creds, {"us-west-2", "bedrock", suite_time}));
}
