// Types for local-wrangler.mjs (imported by the TypeScript tests).
import type { ChildProcess, StdioOptions } from "node:child_process";

/** wrangler's bin script. */
export declare const wrangler: string;
export declare const OFFLINE_ENV: NodeJS.ProcessEnv;
export declare function applyMigrations(options?: { persistTo?: string }): void;
export declare function startDev(options?: {
  port?: number;
  persistTo?: string;
  stdio?: StdioOptions;
  extraArgs?: string[];
  /** Replaces OFFLINE_ENV. */
  env?: NodeJS.ProcessEnv;
}): ChildProcess;
export declare const DEV_VARS: string;
export declare const DEV_VARS_EXAMPLE: string;
export declare function ensureDevVars(): void;
export declare function readDevVars(file?: string): Record<string, string>;
