// Types for cron-schedule.mjs (imported by the TypeScript tests).

/** A cron expression the self-hosted server cannot run. */
export declare class CronError extends Error {}

/** Parses `expression`; the result tells whether it fires in the UTC minute of `at`. */
export declare function parseCron(expression: string): (at: Date) => boolean;
