// Types of generate.mjs, for the unit test beside it.

/** The packages a generated project depends on. */
export declare const EDGETICK_PACKAGES: readonly string[];
/** A project name wrangler and npm accept, from the folder name. */
export declare function projectName(dir: string): string;
/** Writes the project into `dir`, which must be missing or empty. */
export declare function generateProject(options: {
  dir: string;
  name?: string;
  packages?: Readonly<Record<string, string>>;
}): { dir: string; name: string; files: string[] };
