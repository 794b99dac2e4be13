// What the Worker's isolate holds, by kind: a V8 heap snapshot (taken after a full
// collection, as V8 does for every snapshot) through wrangler's inspector proxy, its objects
// counted and sized by constructor name. Two censuses a while apart show what a run retains
// (memory-messages.ts); the raw snapshot is not kept.

/** How long a snapshot may take, ms (a 100 MiB heap on a busy machine). */
const SNAPSHOT_WAIT_MS = 120_000;

/** Objects of one kind: how many, and their own (shallow) bytes. */
export interface CensusEntry {
  count: number;
  bytes: number;
}

/** Kind ("object Foo", "array", "string"…) → its objects. */
export type HeapCensus = Record<string, CensusEntry>;

/** Takes a heap snapshot of the Worker's isolate on wrangler dev's inspector `port`. */
export async function heapCensus(port: number): Promise<HeapCensus> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
    headers: { Origin: "http://localhost" },
  } as unknown as string[]); // Node's WebSocket takes headers in its second argument
  const parts: string[] = [];
  let next = 0;
  const pending = new Map<number, () => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as {
      id?: number;
      method?: string;
      params?: { chunk: string };
    };
    if (m.method === "HeapProfiler.addHeapSnapshotChunk") parts.push(m.params!.chunk);
    else if (m.id !== undefined) pending.get(m.id)?.();
  };
  const call = (method: string, params = {}) =>
    new Promise<void>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no heap snapshot")), SNAPSHOT_WAIT_MS);
  });
  try {
    await Promise.race([
      (async () => {
        await new Promise<void>((resolve, reject) => {
          ws.onopen = () => resolve();
          ws.onerror = () => reject(new Error(`the inspector on port ${port} refused`));
        });
        await call("HeapProfiler.enable");
        await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      })(),
      late,
    ]);
  } finally {
    clearTimeout(timer);
    ws.close();
  }
  return census(JSON.parse(parts.join("")));
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Counts a snapshot's nodes by type and (for objects and closures) name. */
function census(s: Snapshot): HeapCensus {
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const out: HeapCensus = {};
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt!]!]!;
    const named = type === "object" || type === "closure" || type === "native";
    const kind = named ? `${type} ${s.strings[s.nodes[i + nameAt!]!]}` : type;
    const e = out[kind] ?? { count: 0, bytes: 0 };
    out[kind] = e;
    e.count++;
    e.bytes += s.nodes[i + sizeAt!]!;
  }
  return out;
}

/** The kinds that grew most in bytes from `a` to `b`, largest first. */
export function censusGrowth(a: HeapCensus, b: HeapCensus, top = 15) {
  return Object.entries(b)
    .map(([kind, e]) => ({
      kind,
      count: e.count - (a[kind]?.count ?? 0),
      bytes: e.bytes - (a[kind]?.bytes ?? 0),
    }))
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top);
}
