#include <polyllm/auth/sigv4.hpp>
#include <polyllm/auth/aws_credentials.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
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

// ------------------------------------------------------------------------------------------------ credentials

namespace {

file_reader files_of(std::map<std::string, std::string> files) {
    return [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
        auto it = files.find(path);
        if (it == files.end()) return std::nullopt;
        return it->second;
    };
}

const char* const credentials_file = R"(# shared credentials
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret-key-000

[work]
aws_access_key_id=AKIDWORK
aws_secret_access_key=work-secret-key-111
aws_session_token = work-token-222
)";

const char* const config_file = R"([default]
region = eu-west-1

[profile work]
region = ap-southeast-2
s3 =
  max_concurrent_requests = 20

[profile only-config]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = config-secret-key-333
region = us-east-2
)";

}  // namespace

TEST_CASE("aws credentials: each source in the SDKs' order", "[bedrock][credentials]") {
    const auto files = files_of({{"/home/u/.aws/credentials", credentials_file}, {"/home/u/.aws/config", config_file}});
    const auto home = environment::from({{"HOME", "/home/u"}});

    // Configured values first.
    aws_configured configured{"AKIDCONF", secret("conf-secret-key-444"), secret("conf-token"), "us-west-1", ""};
    auto c = resolve_aws_credentials(configured, environment::from({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                                    {"AWS_SECRET_ACCESS_KEY", "env-secret"}}),
                                     files);
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDCONF");
    CHECK(c.value().session_token.reveal() == "conf-token");
    CHECK(resolve_aws_region(configured, environment::from({{"AWS_REGION", "eu-north-1"}}), files) == "us-west-1");

    // Then the environment.
    c = resolve_aws_credentials({}, environment::from({{"HOME", "/home/u"}, {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                       {"AWS_SECRET_ACCESS_KEY", "env-secret-key-555"},
                                                       {"AWS_SESSION_TOKEN", "env-token"}}),
                                files);
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDENV");
    CHECK(c.value().secret_access_key.reveal() == "env-secret-key-555");
    CHECK(c.value().session_token.reveal() == "env-token");
    CHECK(resolve_aws_region({}, environment::from({{"AWS_REGION_NAME", "sa-east-1"}}), files) == "sa-east-1");
    CHECK(resolve_aws_region({}, environment::from({{"AWS_DEFAULT_REGION", "ca-central-1"}}), files) == "ca-central-1");

    // Then the default profile of the shared files; an access key without its secret is not taken.
    c = resolve_aws_credentials({}, environment::from({{"HOME", "/home/u"}, {"AWS_ACCESS_KEY_ID", "AKIDHALF"}}), files);
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDDEFAULT");
    CHECK(c.value().session_token.empty());
    CHECK(resolve_aws_region({}, home, files) == "eu-west-1");

    // A named profile: AWS_PROFILE, or aws_profile_name; the config file's `[profile name]` section.
    const auto work = environment::from({{"HOME", "/home/u"}, {"AWS_PROFILE", "work"}});
    c = resolve_aws_credentials({}, work, files);
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDWORK");
    CHECK(c.value().session_token.reveal() == "work-token-222");
    CHECK(resolve_aws_region({}, work, files) == "ap-southeast-2");
    aws_configured named;
    named.profile = "only-config";
    c = resolve_aws_credentials(named, home, files);
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDCONFIG");
    CHECK(resolve_aws_region(named, home, files) == "us-east-2");

    // The files' places can be moved.
    const auto moved = environment::from({{"AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"}, {"AWS_PROFILE", "work"}});
    c = resolve_aws_credentials({}, moved, files_of({{"/etc/creds", credentials_file}}));
    REQUIRE(c);
    CHECK(c.value().access_key_id == "AKIDWORK");

    // Nothing anywhere: a configuration error that names where to look, and no secret.
    named.profile = "missing";
    c = resolve_aws_credentials(named, home, files);
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::invalid_config);
    CHECK_THAT(c.error().message, Catch::Contains("AWS_ACCESS_KEY_ID") && Catch::Contains("\"missing\"") &&
                                      Catch::Contains("AWS_BEARER_TOKEN_BEDROCK"));
    CHECK(c.error().message.find("secret-key") == std::string::npos);
    CHECK(c.error().verdict == retry_verdict::no);
}

TEST_CASE("aws credentials: the INI reading of the shared files", "[bedrock][credentials]") {
    const auto ini = parse_aws_ini(config_file);
    CHECK(ini.at("profile work").at("region") == "ap-southeast-2");
    CHECK_FALSE(ini.at("profile work").contains("max_concurrent_requests"));  // nested under s3
    CHECK(ini.at("profile work").at("s3").empty());
    CHECK(ini.at("default").at("region") == "eu-west-1");
    CHECK(parse_aws_ini("key = outside\n[a]\n; comment\nx=1\r\n").at("a").at("x") == "1");
    CHECK(parse_aws_ini("key = outside\n").empty());
}
