// The world page's minimap: an SVG in world units (its viewBox is the grid), one cell per
// zone named by its id, the player's zone highlighted (aria-current="location"), the zone
// being connected ahead of a crossing outlined with a line from the player's dot to it (the
// hand-off in progress), and the avatars the player sees as dots. The cells are made once;
// a frame moves dots and flips classes.

import type { ZoneGrid, ZoneId } from "../../../shared/zones/zone-grid.js";
import type { MinimapState } from "./minimap-model.js";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Dot radii, world units (the minimap shows 1,600 units in ~240 px: ~3 and ~4 px). */
const DOT_RADIUS = 20;
const MY_DOT_RADIUS = 30;

interface Cell {
  readonly rect: SVGRectElement;
  readonly label: SVGTextElement;
  readonly centre: { readonly x: number; readonly y: number };
}

/** The minimap drawn into `svg`, with `caption` naming the player's zone. */
export class Minimap {
  readonly #cells = new Map<ZoneId, Cell>();
  readonly #dotLayer: SVGGElement;
  readonly #dots: SVGCircleElement[] = [];
  readonly #handoff: SVGLineElement;
  readonly #caption: HTMLElement;

  constructor(svg: SVGSVGElement, caption: HTMLElement, grid: ZoneGrid) {
    this.#caption = caption;
    const { originX, originY, zoneWidth, zoneHeight, columns, rows } = grid.options;
    svg.setAttribute(
      "viewBox",
      `${originX} ${originY} ${zoneWidth * columns} ${zoneHeight * rows}`,
    );
    const cells = element("g", { class: "zones" });
    for (const id of grid.ids) {
      const b = grid.bounds(id);
      const rect = element("rect", {
        "data-zone": id,
        class: "zone",
        x: b.minX,
        y: b.minY,
        width: b.maxX - b.minX,
        height: b.maxY - b.minY,
      });
      const label = element("text", { x: b.minX + 16, y: b.minY + 72, class: "zone-label" });
      label.textContent = id;
      cells.append(rect, label);
      const centre = { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
      this.#cells.set(id, { rect: rect as SVGRectElement, label: label as SVGTextElement, centre });
    }
    this.#handoff = element("line", { class: "handoff", visibility: "hidden" }) as SVGLineElement;
    this.#dotLayer = element("g", { class: "dots" }) as SVGGElement;
    svg.replaceChildren(cells, this.#handoff, this.#dotLayer);
  }

  /** Draws `state`. */
  show(state: MinimapState): void {
    for (const z of state.zones) {
      const cell = this.#cells.get(z.id)!;
      cell.rect.classList.toggle("current", z.current);
      cell.rect.classList.toggle("next", z.next);
      if (z.current) cell.rect.setAttribute("aria-current", "location");
      else cell.rect.removeAttribute("aria-current");
      const text = z.players === undefined ? z.id : `${z.id} · ${z.players}`;
      if (cell.label.textContent !== text) cell.label.textContent = text;
    }
    while (this.#dots.length < state.dots.length) {
      const dot = element("circle", { class: "dot" }) as SVGCircleElement;
      this.#dots.push(dot);
      this.#dotLayer.append(dot);
    }
    let mine: { x: number; y: number } | undefined;
    for (let i = 0; i < this.#dots.length; i++) {
      const dot = this.#dots[i]!;
      const d = state.dots[i];
      dot.setAttribute("visibility", d ? "visible" : "hidden");
      if (!d) continue;
      if (d.me) mine = d;
      setAttributes(dot, { cx: d.x, cy: d.y, r: d.me ? MY_DOT_RADIUS : DOT_RADIUS });
      dot.setAttribute("class", d.me ? "dot me" : d.ghost ? "dot ghost" : "dot");
    }
    const to = state.next === undefined ? undefined : this.#cells.get(state.next)?.centre;
    if (to && mine) {
      setAttributes(this.#handoff, { x1: mine.x, y1: mine.y, x2: to.x, y2: to.y });
      this.#handoff.setAttribute("visibility", "visible");
    } else this.#handoff.setAttribute("visibility", "hidden");
    if (this.#caption.textContent !== state.caption) this.#caption.textContent = state.caption;
  }
}

function element(name: string, attributes: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG_NS, name);
  setAttributes(el, attributes);
  return el;
}

function setAttributes(el: Element, attributes: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
}
