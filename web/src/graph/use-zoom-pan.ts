// Zoom and pan for the diagram: wheel or pinch zooms around the pointer, a drag pans, + − 0 and the arrow keys
// work while the diagram has focus. The view lives outside Preact's state and is written straight to the layer's
// transform, so zooming a 500-node drawing re-renders nothing.
import type { RefObject } from "preact";
import { useCallback, useEffect, useLayoutEffect, useRef } from "preact/hooks";
import {
  fitView,
  MAX_SCALE,
  minScale,
  type Point,
  panBy,
  type Size,
  transformOf,
  type View,
  ZOOM_STEP,
  zoomAt,
} from "./viewport.js";

/** A press that moves less than this is a click (it selects a node), not a drag. */
const DRAG_THRESHOLD_PX = 4;
const KEY_PAN_PX = 48;
/** Wheel zoom per pixel scrolled; a pinch on a trackpad arrives as a wheel with ctrlKey and small deltas. */
const WHEEL_ZOOM_PER_PX = 0.0015;
const PINCH_ZOOM_PER_PX = 0.01;
const LINE_PX = 16;

export interface ZoomPanParts {
  viewport: RefObject<HTMLElement | null>;
  layer: RefObject<SVGGElement | null>;
  /** Shows the scale as a percentage. */
  scaleLabel: RefObject<HTMLOutputElement | null>;
}

export interface ZoomPan {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
}

export function useZoomPan(parts: ZoomPanParts, content: Size | undefined): ZoomPan {
  const view = useRef<View>({ x: 0, y: 0, k: 1 });
  // Until the user zooms or pans, the drawing follows the viewport's size and refits when it changes.
  const fitted = useRef(true);
  const contentRef = useRef(content);
  contentRef.current = content;

  const viewportSize = useCallback((): Size => {
    const el = parts.viewport.current;
    return el ? { width: el.clientWidth, height: el.clientHeight } : { width: 0, height: 0 };
  }, [parts.viewport]);

  const apply = useCallback(
    (next: View) => {
      view.current = next;
      parts.layer.current?.setAttribute("transform", transformOf(next));
      const viewport = parts.viewport.current;
      if (viewport) viewport.dataset.scale = String(Math.round(next.k * 10000) / 10000);
      const label = parts.scaleLabel.current;
      if (label) label.value = `${Math.round(next.k * 100)}%`;
    },
    [parts.layer, parts.viewport, parts.scaleLabel],
  );

  const showWhole = useCallback(() => {
    const size = contentRef.current;
    if (!size) return;
    fitted.current = true;
    apply(fitView(size, viewportSize()));
  }, [apply, viewportSize]);

  const zoomBy = useCallback(
    (factor: number, at?: Point) => {
      const size = contentRef.current;
      if (!size) return;
      const viewport = viewportSize();
      fitted.current = false;
      const centre = at ?? { x: viewport.width / 2, y: viewport.height / 2 };
      apply(zoomAt(view.current, factor, centre, { min: minScale(size, viewport), max: MAX_SCALE }));
    },
    [apply, viewportSize],
  );

  const pan = useCallback(
    (dx: number, dy: number) => {
      fitted.current = false;
      apply(panBy(view.current, dx, dy));
    },
    [apply],
  );

  // A new drawing (the structure changed, say by a patch) is shown whole before it is first painted, unless the
  // user has zoomed or panned: then the view stays where they put it.
  useLayoutEffect(() => {
    if (content && fitted.current) showWhole();
  }, [content, showWhole]);

  useEffect(() => {
    const el = parts.viewport.current;
    if (!el || !content) return;
    const resized = new ResizeObserver(() => {
      if (fitted.current) showWhole();
    });
    resized.observe(el);

    const local = (event: { clientX: number; clientY: number }): Point => {
      const rect = el.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };

    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const px = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * LINE_PX : event.deltaY;
      const rate = event.ctrlKey ? PINCH_ZOOM_PER_PX : WHEEL_ZOOM_PER_PX;
      zoomBy(Math.exp(-px * rate), local(event));
    };

    // Pointers down on the viewport: one drags, two pinch.
    const pointers = new Map<number, Point>();
    let pressStart: Point | undefined;
    let dragging = false;
    let suppressClick = false;
    const onPointerDown = (event: PointerEvent) => {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      pointers.set(event.pointerId, local(event));
      if (pointers.size === 1) {
        pressStart = local(event);
        dragging = false;
      }
    };
    const onPointerMove = (event: PointerEvent) => {
      const previous = pointers.get(event.pointerId);
      if (!previous) return;
      const now = local(event);
      if (pointers.size >= 2) {
        const [a, b] = [...pointers.entries()].map(([id, p]) => (id === event.pointerId ? now : p));
        const [pa, pb] = [...pointers.values()];
        if (a && b && pa && pb) {
          const before = Math.hypot(pa.x - pb.x, pa.y - pb.y);
          const after = Math.hypot(a.x - b.x, a.y - b.y);
          const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
          pan(mid.x - (pa.x + pb.x) / 2, mid.y - (pa.y + pb.y) / 2);
          if (before > 0) zoomBy(after / before, mid);
        }
        dragging = true;
      } else if (
        dragging ||
        (pressStart && Math.hypot(now.x - pressStart.x, now.y - pressStart.y) >= DRAG_THRESHOLD_PX)
      ) {
        if (!dragging) el.setPointerCapture(event.pointerId);
        dragging = true;
        el.classList.add("panning");
        pan(now.x - previous.x, now.y - previous.y);
      }
      pointers.set(event.pointerId, now);
    };
    const onPointerEnd = (event: PointerEvent) => {
      if (!pointers.delete(event.pointerId)) return;
      if (pointers.size > 0) return;
      // The click that ends a drag must not select the node the drag started on.
      if (dragging) suppressClick = event.type === "pointerup";
      dragging = false;
      pressStart = undefined;
      el.classList.remove("panning");
    };
    const onClickCapture = (event: MouseEvent) => {
      if (!suppressClick) return;
      suppressClick = false;
      event.stopPropagation();
      event.preventDefault();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const action = keyActions[event.key];
      if (!action) return;
      event.preventDefault();
      if (action === "in") zoomBy(ZOOM_STEP);
      else if (action === "out") zoomBy(1 / ZOOM_STEP);
      else if (action === "fit") showWhole();
      else pan(action[0] * KEY_PAN_PX, action[1] * KEY_PAN_PX);
    };

    el.addEventListener("wheel", onWheel, { passive: false });
    el.addEventListener("pointerdown", onPointerDown);
    el.addEventListener("pointermove", onPointerMove);
    el.addEventListener("pointerup", onPointerEnd);
    el.addEventListener("pointercancel", onPointerEnd);
    el.addEventListener("click", onClickCapture, { capture: true });
    el.addEventListener("keydown", onKeyDown);
    return () => {
      resized.disconnect();
      el.removeEventListener("wheel", onWheel);
      el.removeEventListener("pointerdown", onPointerDown);
      el.removeEventListener("pointermove", onPointerMove);
      el.removeEventListener("pointerup", onPointerEnd);
      el.removeEventListener("pointercancel", onPointerEnd);
      el.removeEventListener("click", onClickCapture, { capture: true });
      el.removeEventListener("keydown", onKeyDown);
    };
  }, [parts.viewport, content, showWhole, zoomBy, pan]);

  return {
    zoomIn: useCallback(() => zoomBy(ZOOM_STEP), [zoomBy]),
    zoomOut: useCallback(() => zoomBy(1 / ZOOM_STEP), [zoomBy]),
    fit: showWhole,
  };
}

/** The arrow keys move the drawing the way the arrow points at the view (the content moves the other way). */
const keyActions: Record<string, "in" | "out" | "fit" | readonly [number, number]> = {
  "+": "in",
  "=": "in",
  "-": "out",
  _: "out",
  "0": "fit",
  ArrowLeft: [1, 0],
  ArrowRight: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};
