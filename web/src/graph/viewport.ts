// The diagram's view: a scale and an offset, screen = drawing × k + (x, y). Pure, so fit and zoom are tested
// without a browser.

export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A graph small enough to fit is shown at its natural size, never blown up. */
export const MAX_FIT_SCALE = 1;
export const MAX_SCALE = 4;
/** One press of a zoom button or key. */
export const ZOOM_STEP = 1.25;
const FIT_MARGIN = 8;

/** The whole drawing inside the viewport, centred. */
export function fitView(content: Size, viewport: Size): View {
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) {
    return { x: 0, y: 0, k: 1 };
  }
  const k = Math.min(
    MAX_FIT_SCALE,
    (viewport.width - 2 * FIT_MARGIN) / content.width,
    (viewport.height - 2 * FIT_MARGIN) / content.height,
  );
  return {
    k,
    x: (viewport.width - content.width * k) / 2,
    y: (viewport.height - content.height * k) / 2,
  };
}

/** Zooming out stops at half the fitting scale: further out shows nothing more. */
export function minScale(content: Size, viewport: Size): number {
  return Math.min(0.5, fitView(content, viewport).k / 2);
}

/** The view scaled by `factor` (within bounds) so the drawing's point under `at` stays under it. */
export function zoomAt(view: View, factor: number, at: Point, bounds: { min: number; max: number }): View {
  const k = Math.min(bounds.max, Math.max(bounds.min, view.k * factor));
  const applied = k / view.k;
  return { k, x: at.x - (at.x - view.x) * applied, y: at.y - (at.y - view.y) * applied };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The SVG transform that applies the view. */
export function transformOf(view: View): string {
  return `translate(${round(view.x)} ${round(view.y)}) scale(${Math.round(view.k * 10000) / 10000})`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
