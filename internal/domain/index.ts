// The domain's public surface. Everything else in this folder (path parsing, validation helpers) is internal.

export type {
  CompareOp,
  ConditionExpr,
  ConditionFunction,
  ParseConditionResult,
  ParsedCondition,
} from "./condition.js";
export {
  evaluateCondition,
  isTruthy,
  jsonEqual,
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_LENGTH,
  parseCondition,
} from "./condition.js";
export type { EventType, GraphEvent, NodeError } from "./events.js";
export { EVENT_TYPES } from "./events.js";
export type { BudgetAccount, GraphBudget } from "./graph-budget.js";
export type { PatchSource } from "./graph-patch.js";
export { PATCH_SOURCES } from "./graph-patch.js";
export type {
  GraphDefaults,
  GraphSpec,
  LlmProviderName,
  NodeSpec,
  ResolvedGraph,
  ResolvedNode,
  RetryPolicy,
} from "./graph-spec.js";
export { BUILTIN_NODE_TYPES, CAPABILITY_PATTERN, LLM_PROVIDER_NAMES, NODE_ID_PATTERN } from "./graph-spec.js";
export type { CompiledSchema } from "./output-schema.js";
export { compileOutputSchema, describeErrors } from "./output-schema.js";
export type { ParseSpecResult, SpecFormat } from "./parse-spec.js";
export { detectFormat, MAX_YAML_ALIASES, parseSpecText } from "./parse-spec.js";
export type { ConditionScope, Refs, ValuePath } from "./path.js";
export type { ServingWorker, SubmitWarning, WarningCode } from "./route-warnings.js";
export { routeWarnings, servesNode, WARNING_CODES } from "./route-warnings.js";
export type { GraphState, GraphStatus, NodeState, NodeStatus, SkipReason } from "./state.js";
export { GRAPH_STATUSES, NODE_STATUSES, TERMINAL_GRAPH_STATUSES, TERMINAL_NODE_STATUSES } from "./state.js";
export type { ParsedTemplate, ParseTemplateResult, TemplatePart } from "./template.js";
export { parseTemplate, renderTemplate } from "./template.js";
export { isTenantId, TENANT_ID_PATTERN } from "./tenant.js";
export { suggestBuiltinType } from "./type-suggestion.js";
export type { AttemptAccounting, TokenUsage } from "./usage.js";
export { addCost, addUsage, nanosToUsd, usdToNanos, zeroUsage } from "./usage.js";
export { validateGraph } from "./validate.js";
export { LOOP_FIELDS, MAP_FIELDS } from "./validate-container.js";
export type {
  ValidationCode,
  ValidationContext,
  ValidationIssue,
  ValidationLimits,
  ValidationResult,
} from "./validation.js";
export { DEFAULT_VALIDATION_LIMITS, PATCH_VALIDATION_CODES, VALIDATION_CODES } from "./validation.js";
