// Tokens, cost and model as description-list rows, shown only for what the state carries.
import { formatCost, formatCount } from "../format.js";
import type { LlmFacts } from "./llm-facts.js";

export function UsageFacts({ facts }: { facts: LlmFacts }) {
  const u = facts.usage;
  return (
    <>
      {facts.model !== undefined && <Row term="Model" value={facts.model} />}
      {facts.provider !== undefined && <Row term="Provider" value={facts.provider} />}
      {facts.cacheHit !== undefined && <Row term="Cache hit" value={facts.cacheHit ? "yes" : "no"} />}
      {u?.inputTokens !== undefined && <Row term="Input tokens" value={formatCount(u.inputTokens)} />}
      {u?.outputTokens !== undefined && <Row term="Output tokens" value={formatCount(u.outputTokens)} />}
      {u?.cacheReadTokens !== undefined && (
        <Row term="Cache read tokens" value={formatCount(u.cacheReadTokens)} />
      )}
      {u?.cacheWriteTokens !== undefined && (
        <Row term="Cache write tokens" value={formatCount(u.cacheWriteTokens)} />
      )}
      {facts.costUsd !== undefined && <Row term="Cost" value={formatCost(facts.costUsd)} />}
    </>
  );
}

export function Row({ term, value }: { term: string; value: string | number }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
