// Request hygiene per model: each parameter a model does not take, dropped with drop_params and refused without,
// before anything is sent.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

using test_llm = basic_llm<openai, scripted_transport>;

llm_config config_for(std::string model, bool drop_params) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-hygiene-test";
    cfg.drop_params = drop_params;
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

message with_image(std::string text) {
    auto m = message::user(std::move(text));
    m.content.push_back(image_part::from_url("https://example.com/cat.png"));
    return m;
}

struct outcome {
    result<completion> reply;
    std::vector<http_request> sent;
};

outcome send(const llm_config& cfg, const request& req) {
    test_llm llm{cfg};
    llm.transport().respond(200, fixture("openai/response-text.json"));
    auto reply = llm.complete(req);
    return {std::move(reply), llm.transport().requests()};
}

// One unsupported parameter: refused without drop_params (nothing sent, the error names it and the model),
// dropped with it (the body lacks `field`).
void check_both_modes(const std::string& model, const request& req, const std::string& field,
                      const std::string& says, void (*adjust)(llm_config&) = nullptr) {
    CAPTURE(model, field);
    auto strict = config_for(model, false);
    if (adjust) adjust(strict);
    auto refused = send(strict, req);
    REQUIRE_FALSE(refused.reply);
    CHECK(refused.reply.error() == errc::unsupported);
    CHECK(refused.reply.error().message == says);
    CHECK(refused.reply.error().provider == "openai");
    CHECK(refused.sent.empty());

    auto lenient = config_for(model, true);
    if (adjust) adjust(lenient);
    auto dropped = send(lenient, req);
    REQUIRE(dropped.reply);
    REQUIRE(dropped.sent.size() == 1);
    const auto body = nlohmann::json::parse(dropped.sent[0].body);
    CHECK_FALSE(body.contains(field));
    CHECK(model.ends_with(body["model"].get<std::string>()));  // sent without a provider prefix
}

}  // namespace

TEST_CASE("reasoning models take no temperature other than 1", "[hygiene][params]") {
    auto r = hello();
    r.temperature = 0.2;
    for (auto model : {"o1", "o3-mini", "o4-mini", "gpt-5", "openai/gpt-5-mini"})
        check_both_modes(model, r, "temperature",
                         std::string("unsupported temperature 0.2: model ") + model +
                             " is a reasoning model and takes only 1 (set drop_params to drop it instead)");
    // 1 is their default, and is taken.
    r.temperature = 1.0;
    auto one = send(config_for("o3-mini", false), r);
    REQUIRE(one.reply);
    CHECK(nlohmann::json::parse(one.sent.at(0).body)["temperature"] == 1.0);
    // Other models take any temperature, whatever drop_params says.
    r.temperature = 0.2;
    for (auto model : {"gpt-4o", "gpt-5-chat-latest", "claude-3-5-sonnet-20241022"}) {
        auto taken = send(config_for(model, false), r);
        REQUIRE(taken.reply);
        CHECK(nlohmann::json::parse(taken.sent.at(0).body)["temperature"] == 0.2);
    }
}

TEST_CASE("reasoning models take no top_p", "[hygiene][params]") {
    auto r = hello();
    r.top_p = 0.9;
    check_both_modes("o3", r, "top_p",
                     "unsupported top_p: model o3 is a reasoning model and takes none (set drop_params to drop it "
                     "instead)");
    auto taken = send(config_for("gpt-4o-mini", false), r);
    REQUIRE(taken.reply);
    CHECK(nlohmann::json::parse(taken.sent.at(0).body)["top_p"] == 0.9);
}

TEST_CASE("reasoning_effort only where the model has it", "[hygiene][params]") {
    auto r = hello();
    r.reasoning_effort = reasoning_effort::high;
    check_both_modes("gpt-4o", r, "reasoning_effort",
                     "unsupported reasoning_effort: model gpt-4o does not take it (set drop_params to drop it instead)");
    auto taken = send(config_for("o3-mini", false), r);
    REQUIRE(taken.reply);
    CHECK(nlohmann::json::parse(taken.sent.at(0).body)["reasoning_effort"] == "high");
}

TEST_CASE("stop words only where the model takes them and they are not turned off", "[hygiene][params]") {
    auto r = hello();
    r.stop = {"\nUser:"};
    check_both_modes("o1", r, "stop",
                     "unsupported stop: model o1 does not take stop words (set drop_params to drop it instead)");
    check_both_modes(
        "gpt-4o", r, "stop",
        "unsupported stop: stop words are turned off by disable_stop_word (set drop_params to drop it instead)",
        [](llm_config& c) { c.disable_stop_word = true; });
    auto taken = send(config_for("gpt-4o", false), r);
    REQUIRE(taken.reply);
    CHECK(nlohmann::json::parse(taken.sent.at(0).body)["stop"] == nlohmann::json{"\nUser:"});
}

TEST_CASE("images only where the model has vision and it is not turned off", "[hygiene][params]") {
    request r;
    r.messages = {with_image("What is this?")};
    auto check_images_dropped = [](const outcome& o) {
        REQUIRE(o.reply);
        const auto body = nlohmann::json::parse(o.sent.at(0).body);
        CHECK(body["messages"][0]["content"] == "What is this?");  // text only again
    };
    for (auto [model, adjust, says] :
         {std::tuple{"gpt-4-turbo", static_cast<void (*)(llm_config&)>(nullptr),
                     "unsupported images: model gpt-4-turbo does not take images (set drop_params to drop it "
                     "instead)"},
          std::tuple{"gpt-4o", +[](llm_config& c) { c.disable_vision = true; },
                     "unsupported images: vision is turned off by disable_vision (set drop_params to drop it "
                     "instead)"}}) {
        CAPTURE(model);
        auto strict = config_for(model, false);
        if (adjust) adjust(strict);
        auto refused = send(strict, r);
        REQUIRE_FALSE(refused.reply);
        CHECK(refused.reply.error() == errc::unsupported);
        CHECK(refused.reply.error().message == says);
        CHECK(refused.sent.empty());
        auto lenient = config_for(model, true);
        if (adjust) adjust(lenient);
        check_images_dropped(send(lenient, r));
    }
    auto taken = send(config_for("gpt-4o", false), r);
    REQUIRE(taken.reply);
    CHECK(nlohmann::json::parse(taken.sent.at(0).body)["messages"][0]["content"].size() == 2);
}

TEST_CASE("a message of images only cannot be left empty by dropping them", "[hygiene][params]") {
    request r;
    r.messages = {message::user("Look:"), with_image("")};
    auto o = send(config_for("gpt-4-turbo", true), r);
    REQUIRE_FALSE(o.reply);
    CHECK(o.reply.error() == errc::unsupported);
    CHECK(o.reply.error().message == "messages[1] holds only images, and dropping them leaves it empty (images: "
                                     "model gpt-4-turbo does not take images)");
    CHECK(o.sent.empty());
}

TEST_CASE("every unsupported parameter is named at once", "[hygiene][params]") {
    auto r = hello();
    r.temperature = 0;
    r.top_p = 0.5;
    r.stop = {"x"};
    auto o = send(config_for("o1", false), r);
    REQUIRE_FALSE(o.reply);
    CHECK(o.reply.error().message ==
          "unsupported temperature 0: model o1 is a reasoning model and takes only 1; top_p: model o1 is a reasoning "
          "model and takes none; stop: model o1 does not take stop words (set drop_params to drop them instead)");
    auto lenient = send(config_for("o1", true), r);
    REQUIRE(lenient.reply);
    const auto body = nlohmann::json::parse(lenient.sent.at(0).body);
    CHECK_FALSE(body.contains("temperature"));
    CHECK_FALSE(body.contains("top_p"));
    CHECK_FALSE(body.contains("stop"));
}

TEST_CASE("the configuration's own settings are fitted to the model once", "[hygiene][params]") {
    auto strict = config_for("o1", false);
    strict.temperature = 0.7;
    strict.reasoning_effort = reasoning_effort::low;  // o1 takes this one
    auto refused = send(strict, hello());
    REQUIRE_FALSE(refused.reply);
    CHECK(refused.reply.error() == errc::unsupported);
    CHECK(refused.reply.error().message == "unsupported llm_config::temperature 0.7: model o1 is a reasoning model "
                                           "and takes only 1 (set drop_params to drop it instead)");
    CHECK(refused.sent.empty());

    auto lenient = config_for("o1", true);
    lenient.temperature = 0.7;
    lenient.reasoning_effort = reasoning_effort::low;
    test_llm llm{lenient};
    CHECK_FALSE(llm.config().temperature);  // dropped when the connection was made
    llm.transport().respond(200, fixture("openai/response-text.json"));
    REQUIRE(llm.complete(hello()));
    const auto body = nlohmann::json::parse(llm.transport().requests().at(0).body);
    CHECK_FALSE(body.contains("temperature"));
    CHECK(body["reasoning_effort"] == "low");

    auto effort = config_for("gpt-4o", false);
    effort.reasoning_effort = reasoning_effort::medium;
    CHECK(send(effort, hello()).reply.error().message ==
          "unsupported llm_config::reasoning_effort: model gpt-4o does not take it (set drop_params to drop it "
          "instead)");
}

TEST_CASE("unpaired tool calls and empty requests are refused before sending", "[hygiene][basic_llm]") {
    auto r = hello();
    auto call = message::assistant("");
    call.tool_calls = {{"call_1", "get_weather", R"({"city":"Paris"})"}};
    r.messages.push_back(call);
    auto unpaired = send(config_for("gpt-4o", true), r);
    REQUIRE_FALSE(unpaired.reply);
    CHECK(unpaired.reply.error() == errc::bad_request);
    CHECK_THAT(unpaired.reply.error().message, Catch::StartsWith("tool call 'call_1' (get_weather) in messages[1]"));
    CHECK(unpaired.sent.empty());

    auto empty = send(config_for("gpt-4o", true), request{});
    REQUIRE_FALSE(empty.reply);
    CHECK(empty.reply.error() == errc::bad_request);
    CHECK(empty.sent.empty());
    request blank;
    blank.messages = {message::system("Be brief."), message::user("  ")};
    CHECK(send(config_for("gpt-4o", true), blank).reply.error().message ==
          "messages[1] (user) is empty: give it text or remove it");
}

TEST_CASE("long tool outputs are cut to max_message_chars before sending", "[hygiene][basic_llm]") {
    auto r = hello();
    auto call = message::assistant("");
    call.tool_calls = {{"call_1", "cat", "{}"}};
    r.messages.push_back(call);
    r.messages.push_back(message::tool_result("call_1", std::string(300, 'a') + std::string(300, 'b')));
    auto cfg = config_for("gpt-4o", false);
    cfg.max_message_chars = 100;
    auto o = send(cfg, r);
    REQUIRE(o.reply);
    const auto body = nlohmann::json::parse(o.sent.at(0).body);
    CHECK(body["messages"][2]["content"] == std::string(50, 'a') +
                                                "\n[... 500 characters cut from the middle of this output ...]\n" +
                                                std::string(50, 'b'));
    CHECK(body["messages"][0]["content"] == "Hello!");
}

TEST_CASE("the parameter checks on their own", "[hygiene][params]") {
    auto cfg = config_for("o1", false);
    auto r = hello();
    r.temperature = 0.5;
    r.reasoning_effort = reasoning_effort::high;
    const auto found = hygiene::unsupported_parameters(r, cfg, effective_features(cfg));
    REQUIRE(found.size() == 1);  // o1 takes reasoning_effort
    CHECK(found[0].parameter == hygiene::parameter::temperature);
    CHECK(hygiene::has_fixed_sampling("o1-2024-12-17"));
    CHECK(hygiene::has_fixed_sampling("azure/o3-mini"));
    CHECK_FALSE(hygiene::has_fixed_sampling("gpt-4o"));
    CHECK_FALSE(hygiene::has_fixed_sampling("gpt-5-chat-latest"));
    static_assert(hygiene::has_fixed_sampling("gpt-5-mini"));
    auto dropped = r;
    REQUIRE(hygiene::drop(dropped, found));
    CHECK_FALSE(dropped.temperature);
    CHECK(dropped.reasoning_effort == reasoning_effort::high);
}

TEST_CASE("request::extra that is not an object is refused before anything is sent", "[hygiene][extra]") {
    for (const auto& extra : {nlohmann::json::array({1, 2}), nlohmann::json("top_k=5"), nlohmann::json(3)}) {
        INFO(extra.dump());
        test_llm llm{config_for("gpt-4o", false)};
        auto req = hello();
        req.extra = extra;
        auto r = llm.complete(req);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::bad_request);
        CHECK(r.error().type == "invalid_extra");
        CHECK_THAT(r.error().message, Catch::Contains(std::string("not ") + extra.type_name()));
        CHECK(llm.transport().requests().empty());
    }
    for (const auto& fine : {nlohmann::json(nullptr), nlohmann::json::object({{"top_k", 5}})}) {
        test_llm llm{config_for("gpt-4o", false)};
        llm.transport().respond(200, R"({"id": "c", "choices": [{"index": 0, "message": {"role": "assistant",
            "content": "hi"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1}})");
        auto req = hello();
        req.extra = fine;
        CHECK(llm.complete(req));
    }
}
