// Writes what the conformance tests compare with: for each case of the corpus, the ids that tiktoken itself (the
// `tiktoken` npm package: the Rust implementation compiled to WebAssembly) gives in cl100k_base and o200k_base,
// one JSON object per line: {name, specials: "as_text" | "allowed", text, cl100k_base: [ids], o200k_base: [ids]}.
//
//     node tests/tokenize/reference.cjs CORPUS_DIR NODE_MODULES_DIR OUTPUT_FILE
//
// Cases: every file of CORPUS_DIR, the published golden vectors, and generated texts: contractions in every case,
// digit runs, whitespace runs with and without line breaks, special tokens, long pieces, and a sweep of every
// code point of planes 0-3 and 14 (a sample of the others) in contexts whose ids depend on its character class.
'use strict';
const fs = require('fs');
const path = require('path');

const [corpusDir, nodeModules, outputFile] = process.argv.slice(2);
const { get_encoding } = require(path.resolve(nodeModules, 'tiktoken'));
const version = require(path.resolve(nodeModules, 'tiktoken', 'package.json')).version;

const cases = [];
const add = (name, text, specials = 'as_text') => cases.push({ name, text, specials });

for (const file of fs.readdirSync(corpusDir).sort())
  add(`corpus/${file}`, fs.readFileSync(path.join(corpusDir, file), 'utf8'));

// Published golden vectors (cl100k_base ids in tiktoken's own tests; here compared in both encodings).
add('golden/hello world', 'hello world');
add('golden/hello endoftext', 'hello <|endoftext|>', 'allowed');
add('golden/thumbs up', '👍');
add('golden/space NEL zero', ' \x850');
add('golden/today newline space newline', 'today\n \n');
add("golden/'rer", "'rer");

// A deterministic generator, so that the corpus is the same on every machine.
let seed = 20240917;
const random = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);

// Contractions in every case, after letters of either case, after digits, spaces and punctuation.
for (const suffix of ['s', 't', 're', 've', 'm', 'll', 'd']) {
  const variants = [''];
  for (const ch of suffix) variants.splice(0, variants.length, ...variants.flatMap((v) => [v + ch, v + ch.toUpperCase()]));
  const texts = [];
  for (const v of variants)
    for (const before of ['', 'word', 'WORD', 'Word', 'wORD', '9', ' ', '"', 'é', 'É', 'ǅ', '中'])
      for (const after of ['', ' x', 'x', 'X', "'s", '\n', '1'])
        texts.push(`${before}'${v}${after}`);
  add(`contractions/'${suffix}`, texts.join(' | '));
}

// Digit runs of every length up to 40, alone, between letters, and with separators.
for (let n = 1; n <= 40; ++n) {
  let digits = '';
  for (let i = 0; i < n; ++i) digits += String(random(10));
  add(`digits/${n}`, `${digits} x${digits}y ${digits}.${digits} -${digits}\n${digits}`);
}
add('digits/other scripts', '٠١٢٣٤٥٦٧٨٩ ०१२३४५६७८९ ০১২৩৪৫৬৭৮৯ ൧൨൩൪ ①②③④ ⅠⅡⅢⅣ 𝟎𝟏𝟐𝟑 ¹²³⁴ ½⅓¼');

// Whitespace runs: each White_Space character and line break, in runs of 1 to 4, before words, digits,
// punctuation, line breaks and the end of the text.
const spaces = [' ', '\t', '\n', '\r', '\r\n', '\x0b', '\x0c', '\x85', '\xa0', '\u1680', '\u2000', '\u2007', '\u200a',
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\u200b', '\u180e', '\ufeff'];
for (const s of spaces)
  for (let n = 1; n <= 4; ++n) {
    const run = s.repeat(n);
    const parts = ['a', 'A', '1', '!', '\n', ' b', 'é'].map((after) => `x${run}${after}`);
    add(`whitespace/U+${s.codePointAt(0).toString(16).padStart(4, '0')} x${n}`, parts.join('') + `x${run}`);
  }
for (let i = 0; i < 200; ++i) {
  let text = '';
  const len = 1 + random(12);
  for (let j = 0; j < len; ++j) text += [' ', ' ', '\t', '\n', '\r\n', '\u3000', 'a', 'Z', '1', '.', "'", 'é'][random(12)];
  add(`whitespace/mixed ${i}`, text);
}
add('whitespace/crlf', 'a\r\nb\r\n\r\nc \r\n d\r\r\n\n\re\r\n');

// Special tokens: allowed, and as text; partial, adjacent and surrounded by whitespace.
const specialTexts = ['<|endoftext|>', 'hello<|endoftext|>world', 'a <|endofprompt|> b', '<|fim_prefix|>x<|fim_middle|>y<|fim_suffix|>',
  'text   <|endoftext|>   text', '<|endoftext|><|endoftext|>', '<|endoftext', '<|endoftext|', '<|unknown|>', '<<|endoftext|>>', ' <|endoftext|>\n\n'];
for (const t of specialTexts) {
  add(`specials/allowed ${JSON.stringify(t)}`, t, 'allowed');
  add(`specials/as text ${JSON.stringify(t)}`, t);
}

// Long pieces, where merging order matters most (tiktoken's own merging is quadratic, so they stay short here;
// the C++ tests check longer ones against the quadratic algorithm).
add('long/caret 3000', '^'.repeat(3000));
add('long/spaces 3000', ' '.repeat(3000) + 'x');
add('long/newlines', '\n'.repeat(500) + 'x' + ' \n'.repeat(300));
let letters = '', mixed = '', code = '';
for (let i = 0; i < 3000; ++i) letters += 'abcdefghijklmnopqrstuvwxyz'[random(26)];
const alphabet = [...'aA1 \n.é中🙂x'];
for (let i = 0; i < 2000; ++i) mixed += alphabet[random(alphabet.length)];
for (let i = 0; i < 2000; ++i) code += String.fromCodePoint(0x20 + random(0x2f00));
add('long/letters 3000', letters);
add('long/letters 3000 upper', letters.toUpperCase());
add('long/mixed', mixed);
add('long/random code points', code);
add('long/repeated word', 'abc'.repeat(1000));

// Every code point of planes 0-3 and 14, and every 97th of the others, in contexts that tell its class apart:
// after it, "'s" is one token unless it is punctuation, and "111" groups differently when it is a digit.
const sweep = [];
for (let cp = 0; cp <= 0x10ffff; ++cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const plane = cp >> 16;
  if (plane <= 3 || plane === 14 || cp % 97 === 0) sweep.push(cp);
}
for (let i = 0; i < sweep.length; i += 4096) {
  const chunk = sweep.slice(i, i + 4096);
  const text = chunk.map((cp) => { const c = String.fromCodePoint(cp); return `${c}'s${c}111\n`; }).join('');
  add(`sweep/U+${chunk[0].toString(16)}..U+${chunk[chunk.length - 1].toString(16)}`, text);
}

const encodings = ['cl100k_base', 'o200k_base'].map((name) => [name, get_encoding(name)]);
const out = fs.openSync(outputFile, 'w');
fs.writeSync(out, JSON.stringify({ tiktoken: version, cases: cases.length }) + '\n');
for (const c of cases) {
  const line = { name: c.name, specials: c.specials, text: c.text };
  for (const [name, enc] of encodings)
    line[name] = Array.from(c.specials === 'allowed' ? enc.encode(c.text, 'all') : enc.encode_ordinary(c.text));
  fs.writeSync(out, JSON.stringify(line) + '\n');
}
fs.closeSync(out);
for (const [, enc] of encodings) enc.free();
console.log(`tiktoken-reference: ${cases.length} cases from tiktoken ${version} -> ${outputFile}`);
