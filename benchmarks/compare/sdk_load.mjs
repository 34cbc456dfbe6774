// The official SDKs' side of the comparison harness (benchmarks/compare/run): the same workload as polyllm-load,
// N requests, C at a time, plain or streamed, in one Node process; prints one JSON line with wall time, the
// process's CPU time (user + sys), its peak RSS and the most streams open at once.
//
//     node sdk_load.mjs --sdk openai|anthropic --base-url URL [--model M] [-n N] [-c C] [--stream]

import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = { sdk: 'openai', baseUrl: '', model: '', n: 1000, c: 1, stream: false };
for (let i = 0; i < args.length; ++i) {
  const a = args[i];
  if (a === '--sdk') opt.sdk = args[++i];
  else if (a === '--base-url') opt.baseUrl = args[++i];
  else if (a === '--model') opt.model = args[++i];
  else if (a === '-n') opt.n = Number(args[++i]);
  else if (a === '-c') opt.c = Number(args[++i]);
  else if (a === '--stream') opt.stream = true;
  else { console.error(`unknown argument ${a}`); process.exit(2); }
}

const system = 'You are a helpful assistant.';
const prompt = 'Hello! Please answer with a short greeting.';
let call;
if (opt.sdk === 'openai') {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: 'sk-local', baseURL: opt.baseUrl, maxRetries: 0 });
  const model = opt.model || 'gpt-4o-mini';
  const body = { model, max_completion_tokens: 64,
                 messages: [{ role: 'system', content: system }, { role: 'user', content: prompt }] };
  call = async (onFirst) => {
    if (!opt.stream) return client.chat.completions.create(body);
    const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) { onFirst(); text += chunk.choices?.[0]?.delta?.content ?? ''; }
    return text;
  };
} else if (opt.sdk === 'anthropic') {
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  const client = new Anthropic({ apiKey: 'sk-local', baseURL: opt.baseUrl, maxRetries: 0 });
  const model = opt.model || 'claude-3-5-haiku-20241022';
  const body = { model, max_tokens: 64, system, messages: [{ role: 'user', content: prompt }] };
  call = async (onFirst) => {
    if (!opt.stream) return client.messages.create(body);
    const stream = await client.messages.create({ ...body, stream: true });
    let text = '';
    for await (const event of stream) {
      onFirst();
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    return text;
  };
} else {
  console.error(`unknown sdk ${opt.sdk}`);
  process.exit(2);
}

let started = 0, ok = 0, failed = 0, open = 0, maxOpen = 0, firstError = '';
async function worker() {
  while (started < opt.n) {
    ++started;
    let first = true;
    const onFirst = () => { if (first) { first = false; maxOpen = Math.max(maxOpen, ++open); } };
    try { await call(onFirst); ++ok; } catch (e) { if (failed++ === 0) firstError = String(e); }
    if (!first) --open;
  }
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(Array.from({ length: Math.max(1, opt.c) }, worker));
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({
  client: opt.sdk, mode: opt.stream ? 'stream' : 'plain', requests: opt.n, concurrency: opt.c, ok, failed,
  wall_s: wall, cpu_s: (cpu.user + cpu.system) / 1e6, peak_rss_kib: process.resourceUsage().maxRSS,
  max_open_streams: maxOpen,
}));
if (failed) console.error(`sdk_load: ${failed} failed; first: ${firstError}`);
process.exit(failed ? 1 : 0);
