// Which build of the Worker is running: a label stamped into the bundle when it is built
// (`--define EDGETICK_BUILD:'"<label>"'`, as `npm run deploy` and `npm run build:selfhost`
// do with the git commit), reported by GET /v1/health so a rollout can be watched and a test
// can tell two builds apart. A bundle built without the define (wrangler dev, the workerd
// tests, a studio's own wrangler) reports "dev".

// Replaced by esbuild at bundle time; never a runtime global.
declare const EDGETICK_BUILD: string | undefined;

/**
 * The label of this bundle's build.
 * @default "dev"
 * @example
 * // wrangler deploy --define EDGETICK_BUILD:'"3f2c1ab"'  →  BUILD === "3f2c1ab"
 */
export const BUILD: string = typeof EDGETICK_BUILD === "string" ? EDGETICK_BUILD : "dev";
