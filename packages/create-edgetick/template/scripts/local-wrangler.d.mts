// Types of local-wrangler.mjs, for vitest.config.ts and the e2e test.
import type { ChildProcess, StdioOptions } from "node:child_process";

export declare const OFFLINE_ENV: NodeJS.ProcessEnv;
export declare function readDevVars(file?: string): Record<string, string>;
export declare function applyMigrations(options?: { persistTo?: string; quiet?: boolean }): void;
export declare function startDev(options?: {
  port?: number;
  persistTo?: string;
  stdio?: StdioOptions;
  extraArgs?: string[];
}): ChildProcess;
