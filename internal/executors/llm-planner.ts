// The llm executor's planner side (an `llm` node with `plan`): the request asks for a plan in the plan's schema
// (a forced tool on Anthropic, a JSON instruction on OpenAI-compatible servers), the answer is checked and turned
// into the patch that rides in the completion. A plan that is not valid fails the attempt with the retryable
// `llm_invalid_plan`, and the next attempt's prompt quotes what was wrong so the model can repair it.
import type { NodeError } from "../domain/events.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import {
  type PlanSettings,
  plannedIdPrefix,
  planSchema,
  planSettings,
  planToPatch,
} from "../domain/planner.js";
import { NodeExecutionError, type PatchedOutput, withPatchFrom } from "../worker/executor.js";
import type { LlmRequest, PlanRequest } from "./llm-provider.js";
import { parseJsonAnswer, truncationHint } from "./structured-output.js";

export const INVALID_PLAN = "llm_invalid_plan";

/** The planner of an `llm` node with `plan`, or undefined for any other node. */
export function planRequestOf(node: ResolvedNode): PlanRequest | undefined {
  if (node.plan === undefined) return undefined;
  return { plannerId: node.id, settings: planSettings(node.plan) };
}

/** Turns a node's request into a planning one; `previous` is the last attempt's error, if it was a bad plan. */
export function asPlanningRequest(request: LlmRequest, plan: PlanRequest, previous?: NodeError): LlmRequest {
  const instructions = planInstructions(plan.plannerId, plan.settings);
  const planning: LlmRequest = {
    ...request,
    system: request.system ? `${request.system}\n\n${instructions}` : instructions,
    outputSchema: planSchema(plan.plannerId, plan.settings),
    plan,
  };
  if (isPlanRepair(previous)) {
    planning.prompt = `${request.prompt}\n\nYour previous plan was invalid: ${previous.message}\nGive a corrected plan.`;
  }
  return planning;
}

/** Whether the attempt repairs the previous attempt's plan (its prompt then quotes what was wrong). */
export function isPlanRepair(previous: NodeError | undefined): previous is NodeError {
  return previous?.code === INVALID_PLAN;
}

/** Checks the model's answer; the node's output is the plan as the model gave it, with the patch it makes. */
export function plannedOutput(
  text: string,
  stopReason: string | undefined,
  plan: PlanRequest,
): PatchedOutput {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) {
    throw invalidPlan(`the plan is not JSON: ${parsed.message}${truncationHint(stopReason)}`, parsed.cause);
  }
  return patchOf(parsed.value, plan);
}

/** A plan read back from the response cache goes through the same check: the patch is never stored. */
export function patchOf(answer: unknown, plan: PlanRequest): PatchedOutput {
  const checked = planToPatch(plan.plannerId, plan.settings, answer);
  if (!checked.ok) throw invalidPlan(`the plan is invalid: ${quoted(checked.problems)}`);
  return withPatchFrom("planner", answer, checked.patch);
}

/** Problems quoted in the error (and so in the repair prompt); the rest are counted. */
const QUOTED_PROBLEMS = 20;

function quoted(problems: readonly string[]): string {
  const more = problems.length - QUOTED_PROBLEMS;
  return problems.slice(0, QUOTED_PROBLEMS).join("; ") + (more > 0 ? `; and ${more} more` : "");
}

function invalidPlan(message: string, cause?: unknown): NodeExecutionError {
  return new NodeExecutionError(INVALID_PLAN, message, { retryable: true, cause });
}

function planInstructions(plannerId: string, settings: PlanSettings): string {
  const prefix = plannedIdPrefix(plannerId);
  return [
    'Plan the work as nodes of a graph. Answer with the plan: an object whose "nodes" array holds ' +
      `1 to ${settings.maxNodes} nodes, each {"id", "type", "prompt", "dependsOn"}.`,
    `- id: starts with "${prefix}", then letters, digits, _ or -; 64 characters at most; unique in the plan.`,
    `- type: one of ${settings.allowTypes.join(", ")}.`,
    "- prompt: what the node is asked (llm nodes need one). It may read the graph's input as {{input.<key>}} " +
      "and the output of a planned node it depends on as {{nodes.<id>.output}}.",
    "- dependsOn: ids of other planned nodes this node waits for, without cycles. Nodes that wait for none " +
      "start as soon as the plan is added.",
  ].join("\n");
}

/** The offline mock's plan: two independent steps and, when maxNodes allows, a third that joins them. */
export function mockPlan(plan: PlanRequest, prompt: string): unknown {
  const prefix = plannedIdPrefix(plan.plannerId);
  const { allowTypes, maxNodes } = plan.settings;
  const type = allowTypes.includes("llm") ? "llm" : allowTypes.includes("noop") ? "noop" : allowTypes[0];
  const topic = prompt.length > 80 ? `${prompt.slice(0, 80)}…` : prompt;
  const step = (n: number, dependsOn: string[]) => {
    const node: Record<string, unknown> = { id: `${prefix}step${n}`, type, dependsOn };
    if (type !== "noop") node.prompt = `Step ${n} of the plan for: ${topic}`;
    return node;
  };
  const nodes = [step(1, [])];
  if (maxNodes >= 2) nodes.push(step(2, []));
  if (maxNodes >= 3) nodes.push(step(3, [`${prefix}step1`, `${prefix}step2`]));
  return { nodes };
}
