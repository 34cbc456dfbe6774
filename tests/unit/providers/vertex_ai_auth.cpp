// Google credentials for Vertex AI: base64url, RS256 JWT assertions, key files, the token exchange and the token
// cache (refresh before expiry on a virtual clock, single flight).
#include <polyllm/auth/base64url.hpp>
#include <polyllm/auth/google_credentials.hpp>
#include <polyllm/auth/jwt.hpp>
#include <polyllm/auth/rs256.hpp>
#include <polyllm/auth/token_cache.hpp>
#include <polyllm/auth/token_exchange.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/form_fields.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

struct test_key {
    std::string private_pem;
    std::string public_pem;
};

// A fresh key for each run, made with OpenSSL directly, so that the signing path is checked against keys polyllm
// never saw before.
test_key generate_key() {
    EVP_PKEY* key = nullptr;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr);
    REQUIRE(ctx);
    REQUIRE(EVP_PKEY_keygen_init(ctx) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1);
    REQUIRE(EVP_PKEY_keygen(ctx, &key) == 1);
    EVP_PKEY_CTX_free(ctx);
    auto write = [&](bool is_private) {
        BIO* bio = BIO_new(BIO_s_mem());
        if (is_private)
            PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
        else
            PEM_write_bio_PUBKEY(bio, key);
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        return out;
    };
    test_key out{write(true), write(false)};
    EVP_PKEY_free(key);
    return out;
}

// OpenSSL's verification, written here without polyllm's code, as the independent check.
bool openssl_verifies(const std::string& input, const std::string& signature, const std::string& public_pem) {
    BIO* bio = BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = key && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return ok;
}

const test_key& shared_key() {
    static const test_key key = generate_key();
    return key;
}

std::string service_account_json(const std::string& pem,
                                 std::string token_uri = "https://oauth2.googleapis.com/token") {
    return nlohmann::json{{"type", "service_account"},
                          {"project_id", "proj-1"},
                          {"private_key_id", "kid-1"},
                          {"private_key", pem},
                          {"client_email", "sa@proj-1.iam.gserviceaccount.com"},
                          {"token_uri", token_uri}}
        .dump();
}

}  // namespace

TEST_CASE("base64url round-trips every length and uses the URL alphabet without padding") {
    std::string bytes;
    for (int i = 0; i < 64; ++i) {
        const auto encoded = auth::base64url_encode(bytes);
        CHECK(encoded.find_first_of("+/=") == std::string::npos);
        CHECK(encoded.size() == (bytes.size() * 4 + 2) / 3);
        const auto decoded = auth::base64url_decode(encoded);
        REQUIRE(decoded);
        CHECK(*decoded == bytes);
        bytes += static_cast<char>(0xfb + i * 37);
    }
    CHECK(auth::base64url_encode("\xfb\xff") == "-_8");
    CHECK(auth::base64url_encode("{\"alg\":\"RS256\"}") == "eyJhbGciOiJSUzI1NiJ9");
    CHECK_FALSE(auth::base64url_decode("a"));      // a length of 1 mod 4 is no encoding
    CHECK_FALSE(auth::base64url_decode("ab=="));   // padding is not base64url's
    CHECK_FALSE(auth::base64url_decode("a+b/"));   // the standard alphabet's characters
    CHECK_FALSE(auth::base64url_decode("-_9"));    // stray low bits
}

TEST_CASE("an RS256 JWT verifies with OpenSSL over its exact signing input, and not over anything else") {
    const auto& key = shared_key();
    const auth::jwt_claims claims{.issuer = "sa@p.iam.gserviceaccount.com",
                                  .subject = "sa@p.iam.gserviceaccount.com",
                                  .audience = "https://oauth2.googleapis.com/token",
                                  .scope = std::string(auth::cloud_platform_scope),
                                  .issued_at = 1'700'000'000,
                                  .expires_at = 1'700'003'600};
    auto token = auth::sign_jwt("kid-7", claims, key.private_pem);
    REQUIRE(token);
    const auto parts = auth::split_jwt(token.value());
    REQUIRE(parts);
    CHECK(parts->signing_input == auth::jwt_signing_input("kid-7", claims));
    CHECK(parts->header == nlohmann::json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "kid-7"}});
    CHECK(parts->claims["iss"] == claims.issuer);
    CHECK(parts->claims["sub"] == claims.subject);
    CHECK(parts->claims["aud"] == claims.audience);
    CHECK(parts->claims["scope"] == "https://www.googleapis.com/auth/cloud-platform");
    CHECK(parts->claims["iat"] == 1'700'000'000);
    CHECK(parts->claims["exp"] == 1'700'003'600);
    CHECK(parts->signature.size() == 256);
    CHECK(openssl_verifies(parts->signing_input, parts->signature, key.public_pem));
    CHECK(auth::rs256_verify(parts->signing_input, parts->signature, key.public_pem));

    auto tampered = parts->signing_input;
    tampered.back() ^= 1;
    CHECK_FALSE(openssl_verifies(tampered, parts->signature, key.public_pem));
    CHECK_FALSE(auth::rs256_verify(tampered, parts->signature, key.public_pem));
    // Another key (the fixture's) does not verify it.
    CHECK_FALSE(auth::rs256_verify(parts->signing_input, parts->signature,
                                   fixture("vertex_ai/service-account-test-key.pub.pem")));
}

TEST_CASE("the fixed-key fixture's JWT, made with the openssl command, is reproduced byte for byte") {
    // tests/fixtures/vertex_ai/README.md says how the expected token was produced outside polyllm.
    auto credentials =
        auth::parse_google_credentials(fixture("vertex_ai/service-account-test-key.json"), "fixture");
    REQUIRE(credentials);
    const auto& sa = std::get<auth::service_account_key>(credentials.value().key);
    const auth::jwt_claims claims{.issuer = sa.client_email,
                                  .subject = sa.client_email,
                                  .audience = sa.token_uri,
                                  .scope = std::string(auth::cloud_platform_scope),
                                  .issued_at = 1764950400,
                                  .expires_at = 1764954000};
    auto token = auth::sign_jwt(sa.private_key_id, claims, sa.private_key.reveal());
    REQUIRE(token);
    auto expected = fixture("vertex_ai/service-account-test-key.jwt");
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
    CHECK(token.value() == expected);
    const auto parts = auth::split_jwt(expected);
    REQUIRE(parts);
    CHECK(auth::rs256_verify(parts->signing_input, parts->signature,
                             fixture("vertex_ai/service-account-test-key.pub.pem")));
}

TEST_CASE("signing with something that is not a private key fails without quoting it") {
    const std::string not_a_key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVzLXRoYXQtbXVzdC1ub3Qtc2hvdw==\n"
                                  "-----END PRIVATE KEY-----\n";
    auto signed_ = auth::rs256_sign("a.b", not_a_key);
    REQUIRE_FALSE(signed_);
    CHECK(signed_.error() == errc::invalid_config);
    CHECK(signed_.error().message.find("c2VjcmV0") == std::string::npos);
    CHECK_FALSE(auth::split_jwt("a.b"));
    CHECK_FALSE(auth::split_jwt("e30.e30.!!"));
    CHECK(auth::split_jwt("e30.e30."));  // an empty signature still splits; verification refuses it
}

TEST_CASE("credential files: service accounts, authorized users, and errors that name the file only") {
    const auto& key = shared_key();
    auto sa = auth::parse_google_credentials(service_account_json(key.private_pem, "http://127.0.0.1:1/token"),
                                             "file /keys/sa.json");
    REQUIRE(sa);
    CHECK(sa.value().token_uri() == "http://127.0.0.1:1/token");
    CHECK(sa.value().project_id() == "proj-1");
    CHECK(std::get<auth::service_account_key>(sa.value().key).private_key_id == "kid-1");

    auto user = auth::parse_google_credentials(
        R"({"type":"authorized_user","client_id":"cid.apps.googleusercontent.com","client_secret":"cs-SECRET",
            "refresh_token":"1//rt-SECRET"})",
        "file adc.json");
    REQUIRE(user);
    CHECK(user.value().token_uri() == "https://oauth2.googleapis.com/token");  // the default when none is named

    // Broken files: the error names the file and the field, never the contents.
    const std::string secret_text = "PRIVATE-KEY-BYTES-xyz";
    for (const std::string& text :
         {std::string("{\"type\":\"service_account\",\"private_key\":\"") + secret_text + "\"",  // cut JSON
          std::string(R"({"type":"service_account","client_email":"a@b","private_key":5,"x":")") + secret_text +
              "\"}",
          std::string(R"({"type":")") + "external_account" + R"(","k":")" + secret_text + "\"}",
          std::string("[\"") + secret_text + "\"]"}) {
        auto parsed = auth::parse_google_credentials(text, "file /keys/broken.json");
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error() == errc::invalid_config);
        CHECK(parsed.error().verdict == retry_verdict::no);
        CHECK_THAT(parsed.error().message, Catch::Contains("/keys/broken.json"));
        CHECK(parsed.error().message.find(secret_text) == std::string::npos);
    }
    auto missing = auth::load_google_credentials("/nonexistent/h25/key.json");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("/nonexistent/h25/key.json"));
    auto inline_json = auth::load_google_credentials("  " + service_account_json(key.private_pem));
    REQUIRE(inline_json);
    CHECK_THAT(inline_json.value().source, Catch::Contains("inline"));
}

TEST_CASE("the token request: a signed assertion for a service account, a refresh grant for a user") {
    const auto& key = shared_key();
    auto sa = auth::parse_google_credentials(service_account_json(key.private_pem), "file sa.json");
    REQUIRE(sa);
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    auto http = auth::token_request(sa.value(), now);
    REQUIRE(http);
    CHECK(http.value().method == "POST");
    CHECK(http.value().url == "https://oauth2.googleapis.com/token");
    CHECK(http.value().headers.value_or_empty("content-type") == "application/x-www-form-urlencoded");
    CHECK(polyllm_test::form_value(http.value().body, "grant_type") == "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
    const auto parts = auth::split_jwt(polyllm_test::form_value(http.value().body, "assertion"));
    REQUIRE(parts);
    CHECK(parts->header["kid"] == "kid-1");
    CHECK(parts->claims["iss"] == "sa@proj-1.iam.gserviceaccount.com");
    CHECK(parts->claims["aud"] == "https://oauth2.googleapis.com/token");
    CHECK(parts->claims["iat"] == 1'800'000'000);
    CHECK(parts->claims["exp"] == 1'800'003'600);
    CHECK(openssl_verifies(parts->signing_input, parts->signature, key.public_pem));

    auto user = auth::parse_google_credentials(
        R"({"type":"authorized_user","client_id":"c id","client_secret":"s&t","refresh_token":"1//r=t"})", "adc");
    REQUIRE(user);
    auto refresh = auth::token_request(user.value(), now);
    REQUIRE(refresh);
    CHECK(refresh.value().body ==
          "grant_type=refresh_token&client_id=c%20id&client_secret=s%26t&refresh_token=1%2F%2Fr%3Dt");
}

TEST_CASE("the token response: a token with its expiry, or an authentication error classed for retry") {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    http_response ok{200, "OK", {}, R"({"access_token":"ya29.TOKEN","expires_in":3599,"token_type":"Bearer"})"};
    auto token = auth::parse_token_response(ok, now, "file sa.json");
    REQUIRE(token);
    CHECK(token.value().value.reveal() == "ya29.TOKEN");
    CHECK(token.value().expires_at == now + 3599s);

    struct answer {
        int status;
        std::string body;
        retry_verdict verdict;
    };
    for (const auto& a : {answer{400, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})",
                                 retry_verdict::no},
                          answer{401, R"({"error":"unauthorized_client"})", retry_verdict::no},
                          answer{429, "slow down", retry_verdict::yes},
                          answer{503, "<html>unavailable</html>", retry_verdict::yes},
                          answer{200, R"({"token_type":"Bearer"})", retry_verdict::no},
                          answer{200, R"({"access_token":"t","expires_in":"soon"})", retry_verdict::no}}) {
        auto failed = auth::parse_token_response({a.status, "", {}, a.body}, now, "file /keys/sa.json");
        REQUIRE_FALSE(failed);
        CHECK(failed.error() == errc::authentication);
        CHECK(failed.error().verdict == a.verdict);
        CHECK(failed.error().http_status == a.status);
        CHECK_THAT(failed.error().message, Catch::Contains("/keys/sa.json"));
    }
    auto rejected = auth::parse_token_response({400, "", {}, R"({"error":"invalid_grant","error_description":"x"})"},
                                               now, "f");
    CHECK(rejected.error().type == "invalid_grant");
    error refused{errc::connection, "connection refused"};
    const auto transport = auth::token_transport_error(refused, "file sa.json");
    CHECK(transport == errc::authentication);
    CHECK(transport.verdict == retry_verdict::yes);
    CHECK_THAT(transport.message, Catch::Contains("sa.json") && Catch::Contains("connection refused"));
}

namespace {

// A virtual clock the test moves by hand, and a fetch that answers later, when the test says so.
struct scripted_refresh {
    std::chrono::system_clock::time_point now{std::chrono::seconds(1'800'000'000)};
    std::vector<auth::token_cache::token_handler> pending;
    int issued = 0;
    std::chrono::seconds lifetime{3600};

    auth::token_cache::fetch_function fetch() {
        return [this](auth::token_cache::time_point, auth::token_cache::token_handler done) {
            pending.push_back(std::move(done));
        };
    }
    void answer() {
        auto handlers = std::move(pending);
        pending.clear();
        for (auto& h : handlers) h(auth::access_token{"token-" + std::to_string(++issued), now + lifetime});
    }
};

}  // namespace

TEST_CASE("the token cache reuses a token until five minutes before it expires, then refreshes once") {
    scripted_refresh script;
    auth::token_cache cache([&] { return script.now; });
    std::vector<std::string> got;
    auto record = [&](result<auth::access_token> t) {
        REQUIRE(t);
        got.emplace_back(t.value().value.reveal());
    };
    cache.get(script.fetch(), record);
    CHECK(got.empty());  // waiting for the refresh
    script.answer();
    CHECK(got == std::vector<std::string>{"token-1"});

    script.now += 3600s - 301s;  // 301 s left: still cached
    cache.get(script.fetch(), record);
    CHECK(script.pending.empty());
    CHECK(got.back() == "token-1");
    script.now += 2s;  // 299 s left: inside the margin, refreshed
    cache.get(script.fetch(), record);
    REQUIRE(script.pending.size() == 1);
    script.answer();
    CHECK(got.back() == "token-2");
    CHECK(cache.refreshes() == 2);

    cache.invalidate();  // the server refused token-2
    cache.get(script.fetch(), record);
    script.answer();
    CHECK(got.back() == "token-3");
}

TEST_CASE("a failed refresh fails its waiters and is not cached") {
    scripted_refresh script;
    auth::token_cache cache([&] { return script.now; });
    int failures = 0;
    auto fail_fetch = [](auth::token_cache::time_point, auth::token_cache::token_handler done) {
        done(error{errc::authentication, "refreshing failed"});
    };
    for (int i = 0; i < 2; ++i)
        cache.get(fail_fetch, [&](result<auth::access_token> t) {
            REQUIRE_FALSE(t);
            CHECK(t.error() == errc::authentication);
            ++failures;
        });
    CHECK(failures == 2);
    CHECK(cache.refreshes() == 2);  // the failure was not kept
    bool ok = false;
    cache.get(script.fetch(), [&](result<auth::access_token> t) { ok = t.has_value(); });
    script.answer();
    CHECK(ok);
}

TEST_CASE("100 concurrent calls share one refresh") {
    scripted_refresh script;
    auth::token_cache cache([&] { return script.now; });
    std::atomic<int> fetches{0};
    std::atomic<int> started{0};
    std::atomic<bool> release{false};
    std::thread answerer;
    // The fetch answers from another thread once every caller has asked, so that all 100 overlap the refresh.
    auto fetch = [&](auth::token_cache::time_point, auth::token_cache::token_handler done) {
        ++fetches;
        answerer = std::thread([&, done = std::move(done)]() mutable {
            while (!release) std::this_thread::yield();
            done(auth::access_token{"shared", script.now + 1h});
        });
    };
    std::atomic<int> delivered{0};
    std::atomic<int> wrong{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 100; ++i)
        callers.emplace_back([&] {
            ++started;
            cache.get(fetch, [&](result<auth::access_token> t) {
                if (!t || t.value().value.reveal() != "shared") ++wrong;
                ++delivered;
            });
        });
    for (auto& t : callers) t.join();
    CHECK(started == 100);
    release = true;
    answerer.join();
    CHECK(fetches == 1);
    CHECK(delivered == 100);
    CHECK(wrong == 0);
    CHECK(cache.refreshes() == 1);
}
