// Types for local-wrangler.mjs (imported by the TypeScript tests).
import type { ChildProcess, StdioOptions } from "node:child_process";

export declare const OFFLINE_ENV: NodeJS.ProcessEnv;
export declare function applyMigrations(options?: { persistTo?: string }): void;
export declare function startDev(options?: {
  port?: number;
  persistTo?: string;
  stdio?: StdioOptions;
  extraArgs?: string[];
}): ChildProcess;
