// A bench's section of a shared page: set, replaced in place, carried over a rewrite.
import { describe, expect, it } from "vitest";
import { keepSection, sectionOf, withSection } from "./doc-sections.js";

describe("doc sections", () => {
  it("appends a section the page lacks, then replaces it in place", () => {
    const once = withSection("# Page\n\nIntro.\n", "peer", "## Peer\n\nv1");
    expect(once).toBe(
      "# Page\n\nIntro.\n\n<!-- section:peer (generated) -->\n\n## Peer\n\nv1\n\n<!-- /section:peer -->\n",
    );
    const twice = withSection(`${once}\nAfter.\n`, "peer", "## Peer\n\nv2 costs $1");
    expect(twice).toContain("v2 costs $1");
    expect(twice).not.toContain("v1");
    expect(twice.endsWith("After.\n")).toBe(true);
  });

  it("carries a section over a rewrite of the rest, and leaves a page without one alone", () => {
    const old = withSection("# Old\n", "peer", "## Peer\n\nfigures");
    const rewritten = keepSection(old, "# New\n", "peer");
    expect(rewritten.startsWith("# New\n")).toBe(true);
    expect(sectionOf(rewritten, "peer")).toBe(sectionOf(old, "peer"));
    expect(keepSection("# Old\n", "# New\n", "peer")).toBe("# New\n");
    expect(sectionOf("<!-- /section:peer --> <!-- section:peer (generated) -->", "peer")).toBe(
      undefined,
    );
  });
});
