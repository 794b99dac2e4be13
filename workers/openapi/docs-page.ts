// Renders the OpenAPI document as one self-contained HTML page (served at /docs): every
// route with its parameters, body, responses and examples. No scripts, no CDN, so the docs
// work offline, exactly like the rest of `npm run dev`.

type Json = Record<string, unknown>;

const esc = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

function resolve(doc: Json, schema: unknown): Json {
  const s = (schema ?? {}) as Json;
  const ref = s.$ref;
  if (typeof ref !== "string") return s;
  const name = ref.split("/").pop()!;
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  return resolve(doc, schemas[name]);
}

/** An example value for a schema: its own example, or one built from its properties. */
export function exampleOf(doc: Json, schema: unknown, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (depth > 6) return null;
  if (s.type === "object" || s.properties) {
    const out: Json = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Json))
      out[k] = exampleOf(doc, v, depth + 1);
    return out;
  }
  if (s.type === "array") return [exampleOf(doc, s.items, depth + 1)];
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const any = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (any?.length) return exampleOf(doc, any[0], depth + 1);
  return { string: "…", integer: 0, number: 0, boolean: true }[String(s.type)] ?? null;
}

function typeOf(doc: Json, schema: unknown): string {
  const s = resolve(doc, schema);
  if (Array.isArray(s.enum)) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : String(s.type ?? "any");
  return s.pattern ? `${t} (${s.pattern})` : t;
}

const pre = (value: unknown) => `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;

function operation(doc: Json, method: string, path: string, op: Json): string {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
  const parts = [
    `<section id="${esc(id)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>`,
    `<p><strong>${esc(String(op.summary ?? ""))}</strong>${op.security ? ' <span class="lock">bearer token</span>' : ""}</p>`,
  ];
  if (op.description) parts.push(`<p>${esc(String(op.description))}</p>`);
  const params = (op.parameters ?? []) as Json[];
  if (params.length) {
    parts.push(
      "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>example</th></tr>",
    );
    for (const p of params) {
      const schema = p.schema;
      parts.push(
        `<tr><td><code>${esc(String(p.name))}</code></td><td>${esc(String(p.in))}</td><td>${esc(typeOf(doc, schema))}</td><td>${p.required ? "yes" : "no"}</td><td><code>${esc(JSON.stringify(exampleOf(doc, schema)))}</code></td></tr>`,
      );
    }
    parts.push("</table>");
  }
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
    "application/json"
  ] as Json | undefined;
  if (body) parts.push(`<h4>Request body</h4>${pre(exampleOf(doc, body.schema))}`);
  parts.push("<h4>Responses</h4>");
  for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
    const content = (r.content as Json | undefined)?.["application/json"] as Json | undefined;
    parts.push(`<p><code>${esc(status)}</code> ${esc(String(r.description ?? ""))}</p>`);
    if (content && status.startsWith("2")) parts.push(pre(exampleOf(doc, content.schema)));
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** The HTML page for an OpenAPI 3 document. */
export function renderDocsPage(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const sections: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
      toc.push(`<li><a href="#${esc(id)}">${method.toUpperCase()} ${esc(path)}</a></li>`);
      sections.push(operation(doc, method, path, op as Json));
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(String(info.title ?? "API"))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1b1f24}
pre{background:#f4f5f7;padding:.75em;overflow:auto;border-radius:4px}
table{border-collapse:collapse}td,th{border:1px solid #d0d4d9;padding:.25em .5em;text-align:left}
section{border-top:1px solid #d0d4d9;margin-top:1.5em}.m{font-weight:700;padding:0 .4em;border-radius:3px;color:#fff}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#8e5a00}.delete{background:#b3261e}.patch{background:#6a1b9a}
.lock{font-size:.85em;background:#eee;padding:0 .4em;border-radius:3px}
</style></head><body>
<h1>${esc(String(info.title ?? "API"))} <small>${esc(String(info.version ?? ""))}</small></h1>
<p>${esc(String(info.description ?? ""))}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a>. Routes marked <span class="lock">bearer token</span> need <code>Authorization: Bearer &lt;access token&gt;</code>.</p>
<ul>${toc.join("")}</ul>
${sections.join("\n")}
</body></html>`;
}
