// A graph's progress: a bar with one coloured segment per outcome and the same counts in words, so colour is
// never the only carrier of what happened.
import { type NodeOutcomes, OUTCOME_LABELS, outcomeSegments, outcomesText } from "./node-outcomes.js";
import "./outcome-bar.css";

export function OutcomeBar({ outcomes, compact = false }: { outcomes: NodeOutcomes; compact?: boolean }) {
  const text = outcomesText(outcomes);
  return (
    <span class={compact ? "outcomes compact" : "outcomes"} data-testid="progress">
      <span class="outcome-bar" role="img" aria-label={`Progress: ${text}`}>
        {outcomeSegments(outcomes).map((s) => (
          <span
            key={s.outcome}
            class={`outcome-segment outcome-${s.outcome}`}
            data-outcome={s.outcome}
            data-count={s.count}
            style={{ width: `${s.percent}%` }}
            title={`${s.count} ${OUTCOME_LABELS[s.outcome]}`}
          />
        ))}
      </span>
      <span class="outcome-text" data-testid="progress-text">
        {text}
      </span>
    </span>
  );
}
