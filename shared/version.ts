// The edgetick release, reported by the health endpoint and the client. Kept equal to
// package.json's version (a unit test checks it).

/** The edgetick version this build is. */
export const EDGETICK_VERSION = "0.1.0";
