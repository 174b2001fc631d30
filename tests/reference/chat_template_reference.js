// Reference side of the chat-template conformance test: @huggingface/jinja (the JavaScript renderer of the Hugging
// Face hub). Usage: node chat_template_reference.js NPM_DIR TEMPLATE_FILE CASES.jsonl OUT.jsonl
// Each case {"id", "messages", "add_generation_prompt"} becomes {"id", "text"} or {"id", "error"}; bos/eos/unk/pad
// tokens come from the environment (CCI_BOS, CCI_EOS, CCI_UNK, CCI_PAD), as the workbench resolves them.
const path = require("path");
const fs = require("fs");
const [npmDir, templateFile, casesPath, outPath] = process.argv.slice(2);

async function main() {
  const { Template } = await import(path.join(npmDir, "node_modules", "@huggingface", "jinja", "dist", "index.js"));
  const source = fs.readFileSync(templateFile, "utf8");
  const template = new Template(source);
  const out = [];
  for (const line of fs.readFileSync(casesPath, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    try {
      const text = template.render({
        messages: c.messages,
        add_generation_prompt: c.add_generation_prompt !== false,
        bos_token: process.env.CCI_BOS || "",
        eos_token: process.env.CCI_EOS || "",
        unk_token: process.env.CCI_UNK || "",
        pad_token: process.env.CCI_PAD || "",
      });
      out.push(JSON.stringify({ id: c.id, text }));
    } catch (e) {
      out.push(JSON.stringify({ id: c.id, error: String(e.message || e) }));
    }
  }
  fs.writeFileSync(outPath, out.join("\n") + "\n");
}
main().catch((e) => { console.error(e); process.exit(1); });
