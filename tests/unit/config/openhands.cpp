// An agent's existing configuration loads as it is (issue 23): every key of OpenHands' LLM configuration is
// accepted, used where polyllm has the feature and noted where it has none; a typo still fails. Provider options
// reach a client made at run time; list-valued and structured keys read from files and the environment.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace std::chrono_literals;
using polyllm::environment;
using polyllm::errc;

namespace {

// Every field of OpenHands' LLMConfig, each set, in an OpenHands-style file with its other sections.
constexpr std::string_view openhands_file = R"([core]
workspace_base = "./workspace"
max_iterations = 100

[llm]
model = "gpt-4o"
api_key = "sk-openhands-test"
base_url = "http://127.0.0.1:9/v1"
api_version = "2024-12-01-preview"
aws_access_key_id = "AKIAEXAMPLE"
aws_secret_access_key = "secret-example"
aws_region_name = "us-west-2"
openrouter_site_url = "https://example.org/"
openrouter_app_name = "MyAgent"
num_retries = 5
retry_multiplier = 8
retry_min_wait = 8
retry_max_wait = 64
timeout = 120
max_message_chars = 30000
temperature = 0.0
top_p = 1.0
top_k = 40
custom_llm_provider = "openai"
max_input_tokens = 100000
max_output_tokens = 4096
input_cost_per_token = 0.0000025
output_cost_per_token = 0.00001
ollama_base_url = "http://localhost:11434"
drop_params = true
modify_params = true
disable_vision = false
disable_stop_word = false
caching_prompt = true
log_completions = false
log_completions_folder = "logs/completions"
custom_tokenizer = "o200k_base"
native_tool_calling = true
reasoning_effort = "high"
seed = 42
safety_settings = [{category = "HARM_CATEGORY_HARASSMENT", threshold = "BLOCK_NONE"}]
for_routing = false
correct_num = 5
completion_kwargs = {zz_vendor_flag = true, aa_budget = 3}
embedding_model = "text-embedding-3-small"
embedding_base_url = "http://127.0.0.1:10/v1"
embedding_deployment_name = "embed"

[agent]
enable_browsing = true

[sandbox]
timeout = 120
)";

}  // namespace

TEST_CASE("config file: an OpenHands config.toml with every LLM field loads, with notes for what has no effect",
          "[config][toml][openhands]") {
    auto loaded = polyllm::parse_config_toml(openhands_file, "config.toml", environment::none());
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded);
    const auto& cfg = loaded.value().base.config;
    CHECK(cfg.model == "gpt-4o");
    CHECK(cfg.retry_min_wait == 8s);
    CHECK(cfg.aws_access_key_id.reveal() == "AKIAEXAMPLE");
    CHECK(cfg.aws_region_name == "us-west-2");
    CHECK(cfg.custom_tokenizer == "o200k_base");
    CHECK(cfg.embedding_base_url == "http://127.0.0.1:10/v1");
    REQUIRE(cfg.safety_settings.is_array());
    CHECK(cfg.safety_settings.at(0).at("threshold") == "BLOCK_NONE");
    // completion_kwargs keep the order the file writes them in
    CHECK(cfg.completion_kwargs.dump() == R"({"zz_vendor_flag":true,"aa_budget":3})");

    const auto& notes = loaded.value().notes;
    auto noted = [&](std::string_view key) {
        for (const auto& n : notes)
            if (n.find(key) != std::string::npos && n.find("has no effect") != std::string::npos) return true;
        return false;
    };
    CHECK(noted("for_routing"));
    CHECK(noted("correct_num"));
    CHECK_FALSE(noted("aws_access_key_id"));  // the bedrock provider signs with it
    CHECK_FALSE(noted("completion_kwargs"));  // used: it has an effect
    CHECK_THAT(notes.front(), Catch::StartsWith("config.toml:"));
}

TEST_CASE("config file: a key of no one still fails with a suggestion", "[config][toml][openhands]") {
    auto typo = polyllm::parse_config_toml("[llm]\nmodel = \"gpt-4o\"\ncustom_tokeniser = \"x\"\n", "config.toml",
                                           environment::none());
    REQUIRE_FALSE(typo);
    CHECK_THAT(typo.error().message, Catch::Contains("did you mean \"custom_tokenizer\""));
    // A first reading that does not know the provider yet may skip it; the provider's reading checks it.
    auto lenient = polyllm::parse_config_toml("[llm]\nmodel = \"x\"\nanthropic_cache_ttl = \"1h\"\n", "config.toml",
                                              environment::none(), polyllm::unknown_keys::ignore);
    CHECK(lenient);
}

TEST_CASE("config: list-valued and structured keys from files and the environment", "[config][openhands]") {
    auto from_file = polyllm::parse_config_toml<polyllm::anthropic>(
        "[llm]\nanthropic_betas = [\"interleaved-thinking-2025-05-14\", \"context-1m-2025-08-07\"]\n", "c.toml",
        environment::none());
    REQUIRE(from_file);
    CHECK(from_file.value().base.options.betas ==
          std::vector<std::string>{"interleaved-thinking-2025-05-14", "context-1m-2025-08-07"});

    auto from_env = polyllm::config_from_environment<polyllm::anthropic>(environment::from(
        {{"LLM_ANTHROPIC_BETAS", " a-1 , b-2,,"}, {"LLM_COMPLETION_KWARGS", R"({"zeta": 1, "alpha": 2})"}}));
    REQUIRE(from_env);
    CHECK(from_env.value().options.betas == std::vector<std::string>{"a-1", "b-2"});
    CHECK(from_env.value().config.completion_kwargs.dump() == R"({"zeta":1,"alpha":2})");

    auto not_a_list = polyllm::parse_config_toml<polyllm::anthropic>("[llm]\nanthropic_betas = \"a\"\n", "c.toml",
                                                                     environment::none());
    REQUIRE_FALSE(not_a_list);
    CHECK_THAT(not_a_list.error().message, Catch::Contains("a list of strings"));
    auto bad_json = polyllm::config_from_environment(environment::from({{"LLM_COMPLETION_KWARGS", "{not json"}}));
    REQUIRE_FALSE(bad_json);
    CHECK_THAT(bad_json.error().message, Catch::Contains("LLM_COMPLETION_KWARGS"));
}

TEST_CASE("config: completion_kwargs, safety_settings and embedding_base_url reach the wire", "[config][openhands]") {
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = polyllm::secret("sk-test");
    cfg.completion_kwargs = polyllm::ordered_json::parse(R"({"zz_vendor": 1, "seed": 5})");
    polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{cfg};
    llm.transport().respond(200, R"({"choices":[{"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]})");
    polyllm::request req;
    req.messages = {polyllm::message::user("hi")};
    req.extra = {{"seed", 7}};  // the request's own field wins
    REQUIRE(llm.complete(req));
    const auto body = nlohmann::json::parse(llm.transport().requests().at(0).body);
    CHECK(body["zz_vendor"] == 1);
    CHECK(body["seed"] == 7);

    cfg.model = "gemini-2.0-flash";
    cfg.completion_kwargs = nullptr;
    cfg.safety_settings = polyllm::ordered_json::parse(R"([{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_NONE"}])");
    auto http = polyllm::gemini{}.prepare(req, {cfg, {}, false});
    REQUIRE(http);
    CHECK(nlohmann::json::parse(http.value().body)["safetySettings"][0]["threshold"] == "BLOCK_NONE");

    cfg.model = "gpt-4o";
    cfg.embedding_model = "text-embedding-3-small";
    cfg.embedding_base_url = "http://127.0.0.1:10/v1";
    auto embed = polyllm::openai{}.prepare_embeddings({"a"}, {cfg, {}, false});
    REQUIRE(embed);
    CHECK(embed.value().url == "http://127.0.0.1:10/v1/embeddings");
}

TEST_CASE("config: custom_tokenizer names the encoding to count with", "[config][openhands][tokenize]") {
    polyllm::llm_config cfg;
    cfg.model = "my-finetune";
    cfg.tiktoken_dir = "/nonexistent";
    CHECK_FALSE(polyllm::tokenizer_for_model("my-finetune", cfg));
    cfg.custom_tokenizer = "o200k_base";
    auto t = polyllm::tokenizer_for_model("my-finetune", cfg);
    REQUIRE_FALSE(t);  // the vocabulary is not installed: the error is about the file, not the model
    CHECK_THAT(t.error().message, !Catch::Contains("no tiktoken encoding is known"));
}

TEST_CASE("client: make_client reads the chosen provider's options from config text and --option values",
          "[client][config][openhands]") {
    polyllm::llm_config cfg;
    cfg.model = "anthropic/claude-sonnet-4-5";
    cfg.api_key = polyllm::secret("sk-test");
    auto source = polyllm::provider_options_source::config_text(
        "[llm]\nmodel = \"anthropic/claude-sonnet-4-5\"\nanthropic_version = \"2099-01-01\"\n", "c.toml", {},
        environment::none());
    auto opts = polyllm::load_provider_options<polyllm::anthropic>(source);
    REQUIRE(opts);
    CHECK(opts.value().version == "2099-01-01");
    source.values = {{"anthropic_betas", "x,y"}};
    opts = polyllm::load_provider_options<polyllm::anthropic>(source);
    REQUIRE(opts);
    CHECK(opts.value().betas == std::vector<std::string>{"x", "y"});
    source.values = {{"anthropic_nothing", "1"}};
    auto unknown = polyllm::load_provider_options<polyllm::anthropic>(source);
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().message, Catch::Contains("anthropic_nothing") && Catch::Contains("anthropic_version"));
    source.values = {};
    REQUIRE(polyllm::make_client(cfg, source));
    auto typo = polyllm::provider_options_source::config_text("[llm]\nanthropic_versoin = \"x\"\n", "c.toml", {},
                                                              environment::none());
    auto refused = polyllm::make_client(cfg, typo);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("did you mean \"anthropic_version\""));
}
