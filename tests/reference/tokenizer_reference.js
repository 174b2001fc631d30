// Reference side of the tokenizer conformance test: the Hugging Face tokenizers library (Rust, through the Node
// binding @anush008/tokenizers). Usage: node tokenizer_reference.js NPM_DIR TOKENIZER_JSON TEXTS.jsonl OUT.jsonl
// Each input line {"id", "text"} becomes {"id", "ids", "ids_plain", "decoded", "decoded_skip"}: ids with and
// without special tokens, and the decode of the ids with and without special tokens.
// With BENCH=1 it instead times encoding (no special tokens) of every text and prints JSON figures.
const path = require("path");
const fs = require("fs");
const [npmDir, tokenizerPath, textsPath, outPath] = process.argv.slice(2);
const { Tokenizer } = require(path.join(npmDir, "node_modules", "@anush008", "tokenizers"));

async function main() {
  const t0 = process.hrtime.bigint();
  const tokenizer = Tokenizer.fromFile(tokenizerPath);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rows = fs.readFileSync(textsPath, "utf8").split("\n").filter((l) => l.length).map((l) => JSON.parse(l));
  if (process.env.BENCH === "1") {
    let tokens = 0, bytes = 0;
    const start = process.hrtime.bigint();
    for (const row of rows) {
      const e = await tokenizer.encode(row.text, null, { addSpecialTokens: false });
      tokens += e.getIds().length;
      bytes += Buffer.byteLength(row.text, "utf8");
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ load_ms: loadMs, tokens, bytes, seconds }));
    return;
  }
  const out = [];
  for (const row of rows) {
    const withSpecial = await tokenizer.encode(row.text, null, { addSpecialTokens: true });
    const plain = await tokenizer.encode(row.text, null, { addSpecialTokens: false });
    const ids = Array.from(withSpecial.getIds());
    out.push(JSON.stringify({
      id: row.id,
      ids,
      ids_plain: Array.from(plain.getIds()),
      decoded: await tokenizer.decode(ids, false),
      decoded_skip: await tokenizer.decode(ids, true),
    }));
  }
  fs.writeFileSync(outPath, out.join("\n") + "\n");
}
main().catch((e) => { console.error(e); process.exit(1); });
