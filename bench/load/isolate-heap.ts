// The JavaScript heap of the Worker's isolate on wrangler dev (the Worker and its Durable
// Objects share it), read through wrangler's inspector proxy: what our code retains, beside
// the process's resident memory, which also holds workerd's and V8's own.
//
// The proxy refuses a WebSocket without an `Origin` header of an allowed host unless the
// request has no User-Agent (wrangler-dist/InspectorProxyWorker.js); Node's WebSocket sends a
// User-Agent, so the origin is given as http://localhost.

/** How long one reading may take, ms. */
const ANSWER_WAIT_MS = 15_000;

/** The isolate's heap, MiB. */
export interface IsolateHeap {
  /** Bytes in use (live objects, and garbage not yet collected unless `collect`). */
  readonly usedMiB: number;
  /** Bytes the heap holds from the system. */
  readonly totalMiB: number;
}

/**
 * Reads the heap through the inspector on `port` (wrangler dev's `--inspector-port`); with
 * `collect`, after a full garbage collection, so it counts only what is still referenced.
 * `target` names the isolate on workerd's own inspector (runtime-heaps.ts); wrangler's proxy
 * serves the Worker's at `ws`.
 */
export async function isolateHeap(
  port: number,
  collect = false,
  target = "ws",
): Promise<IsolateHeap> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/${target}`, {
    headers: { Origin: "http://localhost" },
  } as unknown as string[]); // Node's WebSocket takes headers in its second argument
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  };
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params: {} }));
    });
  const read = async () => {
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`the inspector on port ${port} refused the connection`));
    });
    if (collect) await call("HeapProfiler.collectGarbage");
    return (await call("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the inspector did not answer")), ANSWER_WAIT_MS);
  });
  try {
    const usage = await Promise.race([read(), late]);
    const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    return { usedMiB: mib(usage.usedSize), totalMiB: mib(usage.totalSize) };
  } finally {
    clearTimeout(timer);
    ws.close();
  }
}
