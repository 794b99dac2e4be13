import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateProject, projectName } from "./generate.mjs";

const made: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "create-edgetick-"));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
const TARBALLS = {
  "@edgetick/game": "file:vendor/edgetick-game-0.1.0.tgz",
  "@edgetick/client": "file:vendor/edgetick-client-0.1.0.tgz",
  "@edgetick/server": "file:vendor/edgetick-server-0.1.0.tgz",
};

describe("generateProject", () => {
  it("writes the Worker, the game, wrangler.toml, migrations, page and tests, placeholders filled", () => {
    const dir = join(scratch(), "My Game!");
    const project = generateProject({ dir });
    expect(project.name).toBe("my-game");
    for (const file of [
      ".dev.vars.example",
      ".gitignore",
      "migrations/0001_room_sessions.sql",
      "public/index.html",
      "src/game.ts",
      "src/worker.ts",
      "test/e2e.test.ts",
      "test/worker.test.ts",
      "web/main.ts",
      "wrangler.toml",
    ])
      expect(project.files).toContain(file);
    for (const file of project.files)
      expect([file, read(dir, file).includes("{{")]).toEqual([file, false]);
    expect(read(dir, "wrangler.toml")).toContain('name = "my-game"');
    // Replays get a bucket named for the project (R2: 3-63 characters; names are at most 54).
    expect(read(dir, "wrangler.toml")).toContain('bucket_name = "my-game-replays"');
  });

  it("pins the same versions as this repository, and the packages at the generator's version", () => {
    const dir = join(scratch(), "game");
    generateProject({ dir });
    const pkg = JSON.parse(read(dir, "package.json"));
    const root = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const pinned = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }))
      if (!name.startsWith("@edgetick/")) expect([name, version]).toEqual([name, pinned[name]]);
    expect(pkg.dependencies["@edgetick/server"]).toBe(root.version);
    // The same override as this repository's (the cbor-extract release whose builds are served).
    expect(pkg.overrides).toEqual(root.overrides);
  });

  it("points every @edgetick dependency, nested ones too, at local tarballs when given", () => {
    const dir = join(scratch(), "game");
    generateProject({ dir, packages: TARBALLS });
    const pkg = JSON.parse(read(dir, "package.json"));
    expect(pkg.dependencies).toMatchObject(TARBALLS);
    expect(pkg.overrides).toEqual({
      "cbor-extract": "2.2.2",
      "@edgetick/game": "$@edgetick/game",
      "@edgetick/client": "$@edgetick/client",
      "@edgetick/server": "$@edgetick/server",
    });
  });

  it("gives each project its own development key ring", () => {
    const ring = (dir: string) => {
      generateProject({ dir });
      const line = read(dir, ".dev.vars.example").match(/^AUTH_KEYS='(.*)'$/m)![1]!;
      return JSON.parse(line) as { current: string; keys: Record<string, { crv: string }> };
    };
    const [a, b] = [ring(join(scratch(), "a")), ring(join(scratch(), "b"))];
    expect(a.keys[a.current]!.crv).toBe("P-256");
    expect(a.keys[a.current]).not.toEqual(b.keys[b.current]);
  });

  it("refuses a folder that is not empty, and accepts an empty one", () => {
    const full = scratch();
    writeFileSync(join(full, "keep.txt"), "");
    expect(() => generateProject({ dir: full })).toThrow("exists and is not empty");
    const empty = join(scratch(), "empty");
    mkdirSync(empty);
    expect(generateProject({ dir: empty }).files.length).toBeGreaterThan(20);
  });

  it("derives a wrangler name from the folder, and refuses a bad one given", () => {
    expect(projectName("/x/Space Race 2")).toBe("space-race-2");
    expect(() => generateProject({ dir: join(scratch(), "g"), name: "Bad_Name" })).toThrow(
      "name must be",
    );
  });
});
