// Collects the issues of one validation run and formats what their messages and paths quote from the spec.

import type { PatchValidationCode, ValidationCode, ValidationIssue } from "./validation.js";

/** A place in the spec an issue points at. */
export interface Where {
  path: string;
  nodeId?: string;
}

/** Where a field of the node being checked sits: `at("retry", "backoffMs")`. */
export type FieldWhere = (...field: (string | number)[]) => Where;

export class Issues {
  readonly list: ValidationIssue[] = [];

  add(code: ValidationCode | PatchValidationCode, message: string, where?: Where, cycle?: string[]): void {
    const issue: ValidationIssue = { code, message };
    if (where?.nodeId !== undefined) issue.nodeId = where.nodeId;
    if (where !== undefined) issue.path = where.path;
    if (cycle !== undefined) issue.cycle = cycle;
    this.list.push(issue);
  }

  /** An issue that comes with the value the client most likely meant. */
  addWithSuggestion(code: ValidationCode, message: string, where: Where, suggestion: string): void {
    this.add(code, message, where);
    (this.list[this.list.length - 1] as ValidationIssue).suggestion = suggestion;
  }
}

/** Quotes user text for a message, cut short so a huge value cannot flood the response. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
