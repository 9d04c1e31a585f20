// The DAG as SVG, laid out by ELK in a worker once per structure and shown whole; zoom and pan move one
// transform. A live event re-renders only the nodes and edges whose state changed: node states that did not
// change keep their object, and the memoised parts compare it.
import { memo } from "preact/compat";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { GraphState, NodeState, NodeStatus } from "../../../internal/domain/state.js";
import type { GroupKinds } from "../live/graph-patches.js";
import type { Layout } from "./layout.js";
import { type DrawnBlock, type DrawnNode, MAX_DRAWN_NODES, pathOf } from "./layout-input.js";
import { maxLabelChars, structureKey, structureOf } from "./structure.js";
import { useZoomPan } from "./use-zoom-pan.js";

interface Props {
  state: GraphState;
  /** The maps and loops whose children are drawn in their own box. */
  groups: GroupKinds;
  selected: string | undefined;
  onSelect(nodeId: string): void;
}

type Laid = { key: string; layout: Layout } | { key: string; error: string };

export function GraphDiagram({ state, groups, selected, onSelect }: Props) {
  const key = structureKey(state, groups);
  const count = Object.keys(state.nodes).length;
  const [laid, setLaid] = useState<Laid>();
  useEffect(() => {
    if (count > MAX_DRAWN_NODES) return;
    let current = true;
    const started = performance.now();
    // The layout client (and with it the worker) loads with the first graph drawn, not with the page.
    import("./layout.js")
      .then(({ layoutGraph }) => layoutGraph(structureOf(state, groups)))
      .then(
        (layout) => {
          performance.measure("dago:graph-layout", {
            start: started,
            end: performance.now(),
            detail: { nodes: count, elkMs: layout.layoutMs },
          });
          if (current) setLaid({ key, layout });
        },
        (err: unknown) =>
          current && setLaid({ key, error: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      current = false;
    };
    // The layout depends on the structure only (the key): a state change that keeps it reuses the layout. A
    // patch changes the key, so the graph is laid out again with what it added and without what it removed.
  }, [key]);

  if (count > MAX_DRAWN_NODES) {
    return (
      <p class="note">This graph has {count} nodes: too many to draw. The node table below lists them all.</p>
    );
  }
  if (!laid || ("error" in laid && laid.key !== key))
    return (
      <p class="note" aria-busy="true">
        Laying out the graph…
      </p>
    );
  if ("error" in laid) return <p class="error">The graph could not be laid out: {laid.error}</p>;
  // After a patch the previous drawing stays up until the new layout arrives: the view neither flashes nor loses
  // the user's zoom, and the nodes it still shows keep their elements.
  return (
    <DiagramView
      state={state}
      groups={groups}
      layout={laid.layout}
      relayout={laid.key !== key}
      selected={selected}
      onSelect={onSelect}
    />
  );
}

function DiagramView({
  state,
  layout,
  relayout,
  selected,
  onSelect,
}: Props & { layout: Layout; relayout: boolean }) {
  const { drawing } = layout;
  const viewport = useRef<HTMLElement>(null);
  const layer = useRef<SVGGElement>(null);
  const scaleLabel = useRef<HTMLOutputElement>(null);
  const content = useMemo(() => ({ width: drawing.width, height: drawing.height }), [drawing]);
  const view = useZoomPan({ viewport, layer, scaleLabel }, content);
  const count = drawing.nodes.length;

  useEffect(() => {
    // Two frames: the first runs before the drawing is painted, the second after.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => performance.mark("dago:graph-drawn", { detail: { nodes: count } })),
    );
  }, [drawing, count]);

  return (
    <div class="diagram-frame">
      <div class="diagram-toolbar" role="toolbar" aria-label="Diagram view">
        <button type="button" onClick={view.zoomOut} aria-label="Zoom out" title="Zoom out (−)">
          −
        </button>
        <output ref={scaleLabel} aria-label="Zoom" data-testid="diagram-zoom">
          100%
        </output>
        <button type="button" onClick={view.zoomIn} aria-label="Zoom in" title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={view.fit} title="Show the whole graph (0)">
          Fit
        </button>
        <span class="note diagram-hint">Drag to pan, wheel or pinch to zoom</span>
      </div>
      <section
        ref={viewport}
        class="diagram-viewport"
        style={{ height: `min(75vh, ${Math.max(160, Math.ceil(drawing.height) + 24)}px)` }}
        // A focus stop of its own, so + − 0 and the arrows work before any node is focused.
        tabindex={0}
        aria-busy={relayout}
        aria-label={`Graph ${state.name}, ${count} nodes. Drag to pan, wheel to zoom; keys: + and − zoom, 0 fits, arrows pan.`}
        data-testid="graph-diagram-viewport"
      >
        <svg class="diagram" data-testid="graph-diagram" width="100%" height="100%">
          <title>{`Graph ${state.name}: ${count} nodes`}</title>
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0 0 L10 5 L0 10 z" class="arrow-head" />
            </marker>
          </defs>
          <g ref={layer} class="diagram-layer">
            <g class="blocks">
              {drawing.blocks.map((block) => (
                <BlockFrame key={block.id} block={block} />
              ))}
            </g>
            <g class="edges">
              {drawing.edges.map((edge) => (
                <EdgePath
                  key={edge.id}
                  id={edge.id}
                  d={pathOf(edge.points)}
                  status={edgeStatus(edge.from, state.nodes)}
                  adds={edge.adds === true}
                />
              ))}
            </g>
            <g class="nodes">
              {drawing.nodes.map((box) => {
                const node = state.nodes[box.id];
                return node ? (
                  <DiagramNode
                    key={box.id}
                    box={box}
                    node={node}
                    selected={box.id === selected}
                    onSelect={onSelect}
                  />
                ) : null;
              })}
            </g>
          </g>
        </svg>
      </section>
    </div>
  );
}

/** An edge is green once every node it leaves succeeded; otherwise it takes its one source's state. */
function edgeStatus(from: readonly string[], nodes: GraphState["nodes"]): NodeStatus | "mixed" {
  if (from.every((id) => nodes[id]?.status === "succeeded")) return "succeeded";
  if (from.length === 1) return nodes[from[0] as string]?.status ?? "pending";
  return "mixed";
}

const EdgePath = memo(function EdgePath(props: { id: string; d: string; status: string; adds: boolean }) {
  const { id, d, status, adds } = props;
  return (
    <path
      d={d}
      class={`edge edge-${status}${adds ? " edge-adds" : ""}`}
      marker-end="url(#arrow)"
      data-edge={id}
    />
  );
});

const BlockFrame = memo(function BlockFrame({ block }: { block: DrawnBlock }) {
  return (
    <g
      class={block.group ? `block group group-${block.group.kind}` : "block"}
      transform={`translate(${block.x} ${block.y})`}
      data-block-members={block.members}
      data-group-of={block.group?.parent}
      data-group-kind={block.group?.kind}
    >
      <rect width={block.width} height={block.height} rx="10" ry="10" />
      <text x="12" y="17" class="block-caption">
        {block.caption}
      </text>
    </g>
  );
});

const DiagramNode = memo(function DiagramNode(props: {
  box: DrawnNode;
  node: NodeState;
  selected: boolean;
  onSelect(id: string): void;
}) {
  const { box, node, selected, onSelect } = props;
  const max = maxLabelChars();
  const label = box.id.length > max ? `${box.id.slice(0, max - 1)}…` : box.id;
  const attempt = node.attempt > 1 ? ` · try ${node.attempt}` : "";
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(box.id);
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; the group is the node's hit area.
    <g
      class={`node status-${node.status}${selected ? " selected" : ""}`}
      transform={`translate(${box.x} ${box.y})`}
      role="button"
      // Lower case: on SVG elements Preact sets attributes verbatim, and only "tabindex" makes one focusable.
      tabindex={0}
      aria-pressed={selected}
      aria-label={`${box.id}: ${node.status}${attempt}`}
      data-node-id={box.id}
      data-status={node.status}
      onClick={() => onSelect(box.id)}
      onKeyDown={onKeyDown}
    >
      <title>{`${box.id} (${node.type}): ${node.status}`}</title>
      <rect width={box.width} height={box.height} rx="8" ry="8" />
      <text x={box.width / 2} y="18" class="node-id">
        {label}
      </text>
      <text x={box.width / 2} y="34" class="node-status">
        {`${node.status}${attempt}`}
      </text>
    </g>
  );
});
