// The DAG as SVG, laid out by ELK once per structure; only the colours change as the states do. Every node is a
// keyboard-focusable button that selects it.
import { useEffect, useState } from "preact/hooks";
import type { GraphState, NodeState } from "../../../internal/domain/state.js";
import {
  type Drawing,
  type DrawnNode,
  MAX_DRAWN_NODES,
  maxLabelChars,
  pathOf,
  structureKey,
} from "./layout-input.js";

interface Props {
  state: GraphState;
  selected: string | undefined;
  onSelect(nodeId: string): void;
}

export function GraphDiagram({ state, selected, onSelect }: Props) {
  const key = structureKey(state);
  const count = Object.keys(state.nodes).length;
  const [drawing, setDrawing] = useState<
    { key: string; drawing: Drawing } | { key: string; error: string }
  >();
  useEffect(() => {
    if (count > MAX_DRAWN_NODES) return;
    let current = true;
    // ELK is most of the bundle's size, so it loads with the first graph drawn, not with the page.
    import("./layout.js")
      .then(({ layoutGraph }) => layoutGraph(state))
      .then(
        (d) => current && setDrawing({ key, drawing: d }),
        (err: unknown) => current && setDrawing({ key, error: (err as Error).message ?? String(err) }),
      );
    return () => {
      current = false;
    };
    // The layout depends on the structure only (the key): a state change that keeps it reuses the layout.
  }, [key]);

  if (count > MAX_DRAWN_NODES) {
    return (
      <p class="note">This graph has {count} nodes: too many to draw. The node table below lists them all.</p>
    );
  }
  if (!drawing || drawing.key !== key)
    return (
      <p class="note" aria-busy="true">
        Laying out the graph…
      </p>
    );
  if ("error" in drawing) return <p class="error">The graph could not be laid out: {drawing.error}</p>;
  const { width, height, nodes, edges } = drawing.drawing;
  return (
    <div class="diagram-scroll">
      <svg
        class="diagram"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-testid="graph-diagram"
      >
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
        <g class="edges">
          {edges.map((edge) => (
            <path
              key={edge.id}
              d={pathOf(edge.points)}
              class={`edge edge-${state.nodes[edge.from]?.status ?? "pending"}`}
              marker-end="url(#arrow)"
            />
          ))}
        </g>
        <g class="nodes">
          {nodes.map((box) => {
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
      </svg>
    </div>
  );
}

function DiagramNode(props: {
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
}
