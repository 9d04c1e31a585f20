import { describe, expect, it } from "vitest";
import { fitView, MAX_SCALE, minScale, panBy, transformOf, zoomAt } from "./viewport.js";

const screen = { width: 800, height: 600 };

describe("the diagram's view", () => {
  it("fits a large drawing inside the viewport, centred", () => {
    const content = { width: 4000, height: 1000 };
    const view = fitView(content, screen);
    expect(content.width * view.k).toBeLessThanOrEqual(screen.width);
    expect(content.height * view.k).toBeLessThanOrEqual(screen.height);
    expect(view.x).toBeCloseTo((screen.width - content.width * view.k) / 2);
    expect(view.y).toBeCloseTo((screen.height - content.height * view.k) / 2);
    expect(view.x).toBeGreaterThan(0);
  });

  it("shows a small drawing at its natural size", () => {
    expect(fitView({ width: 200, height: 100 }, screen)).toEqual({ k: 1, x: 300, y: 250 });
  });

  it("zooms around a point: the drawing's point under it stays under it", () => {
    const view = { x: 40, y: -20, k: 0.5 };
    const at = { x: 300, y: 200 };
    const before = { x: (at.x - view.x) / view.k, y: (at.y - view.y) / view.k };
    const zoomed = zoomAt(view, 2, at, { min: 0.1, max: MAX_SCALE });
    expect(zoomed.k).toBe(1);
    expect((at.x - zoomed.x) / zoomed.k).toBeCloseTo(before.x);
    expect((at.y - zoomed.y) / zoomed.k).toBeCloseTo(before.y);
  });

  it("keeps the scale within bounds", () => {
    expect(zoomAt({ x: 0, y: 0, k: 3 }, 10, { x: 0, y: 0 }, { min: 0.1, max: MAX_SCALE }).k).toBe(MAX_SCALE);
    const content = { width: 8000, height: 6000 };
    const min = minScale(content, screen);
    expect(min).toBeLessThan(fitView(content, screen).k);
    expect(zoomAt({ x: 0, y: 0, k: 0.1 }, 0.01, { x: 0, y: 0 }, { min, max: MAX_SCALE }).k).toBe(min);
  });

  it("pans and writes the SVG transform", () => {
    expect(transformOf(panBy({ x: 1, y: 2, k: 0.333333 }, 10, -5))).toBe("translate(11 -3) scale(0.3333)");
  });
});
