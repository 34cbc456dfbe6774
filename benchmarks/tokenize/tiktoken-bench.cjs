// tiktoken's side of benchmarks/tokenize/compare: single-thread MB/s of the `tiktoken` npm package (the reference
// implementation in Rust, compiled to WebAssembly) on the same texts as bench_tokenize, measured like Google
// Benchmark measures polyllm: repeated encode() calls for at least half a second of CPU time.
//
//     node benchmarks/tokenize/tiktoken-bench.cjs NODE_MODULES_DIR TEXTS_DIR [MIXED_FILE]   -> JSON on stdout
//
// MIXED_FILE is the corpus benchmarks/tokenize/mixed-corpus writes (measured as text "mixed").
'use strict';
const fs = require('fs');
const path = require('path');

const [nodeModules, textsDir, mixedFile] = process.argv.slice(2);
const { get_encoding } = require(path.resolve(nodeModules, 'tiktoken'));
const version = require(path.resolve(nodeModules, 'tiktoken', 'package.json')).version;

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

function measure(encoder, text, minSeconds = 0.5, maxIterations = 1e9) {
  const bytes = Buffer.byteLength(text);
  if (maxIterations > 1) encoder.encode_ordinary(text);  // warm up
  let iterations = 0, tokens = 0;
  const start = cpuSeconds();
  let elapsed = 0;
  do {
    tokens = encoder.encode_ordinary(text).length;
    ++iterations;
    elapsed = cpuSeconds() - start;
  } while (elapsed < minSeconds && iterations < maxIterations);
  return { bytes, tokens, iterations, seconds: elapsed, mb_per_s: (bytes * iterations) / elapsed / 1e6 };
}

const results = { implementation: `tiktoken ${version} (npm, WebAssembly)`, node: process.version, runs: {} };
for (const name of ['cl100k_base', 'o200k_base']) {
  const encoder = get_encoding(name);
  for (const text of ['english', 'code', 'multilingual'])
    results.runs[`${name}/${text}`] = measure(encoder, fs.readFileSync(path.join(textsDir, `${text}.txt`), 'utf8'));
  if (mixedFile) results.runs[`${name}/mixed`] = measure(encoder, fs.readFileSync(mixedFile, 'utf8'), 0, 1);
  // tiktoken's merging is quadratic in the length of a piece: a few kilobytes of '^' already show it.
  for (const kb of [10, 30, 100])
    results.runs[`${name}/caret-${kb}KB`] = measure(encoder, '^'.repeat(kb * 1024), 0, 1);
  encoder.free();
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
