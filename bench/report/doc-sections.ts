// Sections of a generated docs page that another bench owns: docs/benchmarks.md is rewritten
// by the replication bench, while its "Peer sessions" section comes from the peer bench. A
// section sits between two HTML comments, so each bench replaces only its own part and keeps
// the other's.

const start = (id: string) => `<!-- section:${id} (generated) -->`;
const end = (id: string) => `<!-- /section:${id} -->`;

/** The section `id` of `page` with its markers, or undefined. */
export function sectionOf(page: string, id: string): string | undefined {
  const from = page.indexOf(start(id));
  const to = page.indexOf(end(id));
  if (from < 0 || to < from) return undefined;
  return page.slice(from, to + end(id).length);
}

/** `page` with section `id` set to `body` (appended at the end when it has none). */
export function withSection(page: string, id: string, body: string): string {
  const section = `${start(id)}\n\n${body.trim()}\n\n${end(id)}`;
  const old = sectionOf(page, id);
  if (old !== undefined) return page.replace(old, () => section);
  return `${page.trimEnd()}\n\n${section}\n`;
}

/** `page` with section `id` of `previous` (if it had one) carried over. */
export function keepSection(previous: string, page: string, id: string): string {
  const old = sectionOf(previous, id);
  if (old === undefined) return page;
  const body = old.slice(start(id).length, old.length - end(id).length);
  return withSection(page, id, body);
}
