// The official `openai` npm SDK's Responses API against polyllm-local-server: responses.stream() with its event
// helpers and finalResponse(), then a second turn that sends the reasoning item back as the SDK received it (the
// server verifies its encrypted_content), then a function tool call. Exits non-zero with the reason on any mismatch.
//
//     node tests/sdk/openai_responses.mjs NODE_MODULES BASE_URL
import { createRequire } from "node:module";
import path from "node:path";

const [modules, baseURL] = process.argv.slice(2);
const require = createRequire(path.join(modules, "x.js"));
const { default: OpenAI } = await import(require.resolve("openai"));
const client = new OpenAI({ apiKey: "sk-local", baseURL, maxRetries: 0 });

function check(ok, what) {
    if (!ok) {
        console.error(`openai responses: FAILED: ${what}`);
        process.exit(1);
    }
}

// 1. A streamed answer with a reasoning item, through the SDK's stream helper.
const first = { role: "user", content: "say hello to the sdk" };
const stream = client.responses.stream({
    model: "o4-mini",
    input: [first],
    reasoning: { effort: "low", summary: "auto" },
    include: ["reasoning.encrypted_content"],
    store: false,
});
let deltas = "";
const seen = new Set();
stream.on("response.output_text.delta", (e) => { deltas += e.delta; });
for await (const event of stream) seen.add(event.type);
const response = await stream.finalResponse();
check(response.status === "completed", `status ${response.status}`);
check(deltas.length > 0 && deltas === response.output_text, `deltas "${deltas}" against output_text "${response.output_text}"`);
check(deltas.includes("say hello to the sdk"), `the echo "${deltas}"`);
for (const type of ["response.created", "response.output_item.added", "response.output_text.delta",
                    "response.output_item.done", "response.completed"])
    check(seen.has(type), `no ${type} event (saw ${[...seen].join(", ")})`);
const reasoning = response.output.find((item) => item.type === "reasoning");
check(reasoning && typeof reasoning.encrypted_content === "string", "no reasoning item with encrypted_content");

// 2. The next turn carries the reasoning item back untouched; a forged one is refused with OpenAI's 400.
const second = await client.responses.create({
    model: "o4-mini",
    input: [first, ...response.output, { role: "user", content: "and again" }],
    reasoning: { effort: "low" },
    include: ["reasoning.encrypted_content"],
    store: false,
});
check(second.output_text.includes("and again"), `second turn "${second.output_text}"`);
let refused = null;
try {
    await client.responses.create({
        model: "o4-mini",
        input: [first, { ...reasoning, encrypted_content: "Zm9yZ2Vk" }, ...response.output.filter((i) => i !== reasoning),
                { role: "user", content: "again" }],
        store: false,
    });
} catch (e) {
    refused = e;
}
check(refused && refused.status === 400, `a forged reasoning item: ${refused ? refused.status : "accepted"}`);

console.log(`openai responses: ok (${seen.size} event types, ${deltas.length} characters streamed, reasoning carried back)`);
