#pragma once
// Certificates made at test time with OpenSSL's C API (no files committed, no openssl command): a test CA, a server
// certificate it signs for 127.0.0.1, ::1 and localhost, one it signs for another name only, and a self-signed one.

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace polyllm_test {

struct certificate_pair {
    std::string certificate_pem;
    std::string key_pem;
};

struct test_pki {
    certificate_pair ca;            // trusted by the tests that use a custom CA
    certificate_pair server;        // signed by ca; SAN 127.0.0.1, ::1, localhost
    certificate_pair wrong_host;    // signed by ca; SAN wrong.example only
    certificate_pair self_signed;   // its own issuer; SAN 127.0.0.1
    std::string ca_subject_hash;    // the name OpenSSL's hashed CA directories use ("%08lx")
};

namespace pki_detail {

struct key_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct cert_deleter {
    void operator()(X509* c) const { X509_free(c); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_deleter>;
using cert_ptr = std::unique_ptr<X509, cert_deleter>;

inline void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test certificates: ") + what + " failed");
}

// P-256 keys: fast to make, unlike RSA.
inline key_ptr make_key() {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr),
                                                                     &EVP_PKEY_CTX_free);
    check(ctx != nullptr, "EVP_PKEY_CTX_new_id");
    check(EVP_PKEY_keygen_init(ctx.get()) == 1, "EVP_PKEY_keygen_init");
    check(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) == 1, "set curve");
    EVP_PKEY* key = nullptr;
    check(EVP_PKEY_keygen(ctx.get(), &key) == 1, "EVP_PKEY_keygen");
    return key_ptr(key);
}

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A certificate for `key`, signed by `issuer_key` (issuer null: self-signed).
inline cert_ptr make_certificate(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                                 bool is_ca, const char* subject_alt_names, long serial) {
    cert_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7L * 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("polyllm tests"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                               0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    add_extension(cert.get(), signer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_key_usage,
                  is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer) add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (!is_ca) add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    if (subject_alt_names) add_extension(cert.get(), signer, NID_subject_alt_name, subject_alt_names);
    check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

inline std::string to_pem(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

inline std::string to_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM_write_PrivateKey");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

inline test_pki make_pki() {
    test_pki out;
    auto ca_key = make_key();
    auto ca = make_certificate(ca_key.get(), "polyllm test CA", nullptr, nullptr, true, nullptr, 1);
    out.ca = {to_pem(ca.get()), to_pem(ca_key.get())};
    char hash[16];
    std::snprintf(hash, sizeof hash, "%08lx", X509_subject_name_hash(ca.get()));
    out.ca_subject_hash = hash;

    auto server_key = make_key();
    auto server = make_certificate(server_key.get(), "localhost", ca.get(), ca_key.get(), false,
                                   "IP:127.0.0.1,IP:::1,DNS:localhost", 2);
    out.server = {to_pem(server.get()), to_pem(server_key.get())};

    auto wrong_key = make_key();
    auto wrong = make_certificate(wrong_key.get(), "wrong.example", ca.get(), ca_key.get(), false, "DNS:wrong.example", 3);
    out.wrong_host = {to_pem(wrong.get()), to_pem(wrong_key.get())};

    auto self_key = make_key();
    auto self = make_certificate(self_key.get(), "127.0.0.1", nullptr, nullptr, false, "IP:127.0.0.1", 4);
    out.self_signed = {to_pem(self.get()), to_pem(self_key.get())};
    return out;
}

}  // namespace pki_detail

/// @brief The process's test PKI, made on first use.
inline const test_pki& test_certificates() {
    static const test_pki pki = pki_detail::make_pki();
    return pki;
}

/// @brief A file that exists while the object lives (for the options that take a path).
class temporary_file {
public:
    temporary_file(const std::string& name, const std::string& content)
        : path_(std::filesystem::temp_directory_path() / unique_name(name)) {
        std::filesystem::create_directories(path_.parent_path());
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~temporary_file() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    temporary_file(const temporary_file&) = delete;
    temporary_file& operator=(const temporary_file&) = delete;
    [[nodiscard]] std::string path() const { return path_.string(); }

private:
    static std::string unique_name(const std::string& name) {
        static std::atomic<unsigned> counter{0};
        return "polyllm-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
               std::to_string(counter++) + "-" + name;
    }
    std::filesystem::path path_;
};

/// @brief A directory, removed with everything in it when the object dies.
class temporary_directory {
public:
    explicit temporary_directory(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("polyllm-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
                 name)) {
        std::filesystem::create_directories(path_);
    }
    ~temporary_directory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temporary_directory(const temporary_directory&) = delete;
    temporary_directory& operator=(const temporary_directory&) = delete;

    void add(const std::string& file, const std::string& content) const {
        std::ofstream(path_ / file, std::ios::binary) << content;
    }
    [[nodiscard]] std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

}  // namespace polyllm_test
