// Templates as the core offers them: a push validates the spec as a graph (input keys the inputSchema declares
// count as present) and its inputSchema as a JSON Schema, then stores it as the next version unless unchanged; a
// run resolves a version, checks the input, and submits the graph with the version it came from recorded.
import { createHash } from "node:crypto";
import type { SubmitResult } from "../../contract/submission.js";
import type { GraphOrigin } from "../../domain/graph-origin.js";
import { compileOutputSchema } from "../../domain/output-schema.js";
import { isPlainObject } from "../../domain/path.js";
import {
  TEMPLATE_NAME_PATTERN,
  type TemplateContent,
  type TemplateVersion,
  type TemplateVersionMeta,
} from "../../domain/template-version.js";
import { DagoError } from "../../errors/index.js";
import type { TemplatePage, TemplateStore, VersionPage } from "../../store/templates/template-store.js";
import { canonicalJson } from "../canonical-json.js";
import { checkTenant } from "../check-tenant.js";
import { validationFailed } from "../graph-patcher.js";
import type { GraphServiceApi, SubmitOptions } from "../graph-service-api.js";
import { checkAgainstSchema } from "../schema-check.js";

export interface PushedTemplate {
  template: TemplateVersionMeta & { name: string };
  /** False when the content equals the latest version's: nothing new was written. */
  created: boolean;
}

export interface TemplateRunRequest {
  /** The version to run; the latest when absent. */
  version?: number;
  /** Merged over the spec's own `input` (its defaults) and checked against `inputSchema`. */
  input?: Record<string, unknown>;
}

export class TemplateCatalog {
  constructor(
    private readonly store: TemplateStore,
    private readonly graphs: Pick<GraphServiceApi, "validate" | "submit">,
  ) {}

  async push(tenantId: string, name: string, body: unknown, by: string): Promise<PushedTemplate> {
    checkTenant(tenantId);
    checkName(name);
    const content = await this.checkedContent(body);
    const json = canonicalJson(content);
    const hash = createHash("sha256").update(json).digest("hex");
    const outcome = await this.store.push(tenantId, name, json, hash, by);
    if ("tooManyVersions" in outcome) {
      throw new DagoError(
        "invalid_transition",
        `template ${name} already has ${outcome.latest} versions, the most one template may have`,
      );
    }
    return { template: { name, ...outcome.meta }, created: outcome.created };
  }

  /** A version (the latest when `version` is absent); not_found when the template or version does not exist. */
  async resolve(tenantId: string, name: string, version?: number): Promise<TemplateVersion> {
    checkTenant(tenantId);
    checkName(name);
    if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) {
      throw new DagoError("invalid_request", `version must be a positive integer, got ${version}`);
    }
    const found = await this.store.version(tenantId, name, version);
    if (found) return found;
    throw new DagoError(
      "not_found",
      version === undefined ? `no template ${name}` : `template ${name} has no version ${version}`,
    );
  }

  async list(tenantId: string, limit: number, cursor?: string): Promise<TemplatePage> {
    checkTenant(tenantId);
    return this.store.list(tenantId, limit, cursor);
  }

  async versions(tenantId: string, name: string, limit: number, before?: number): Promise<VersionPage> {
    checkTenant(tenantId);
    checkName(name);
    const page = await this.store.versions(tenantId, name, limit, before);
    if (!page) throw new DagoError("not_found", `no template ${name}`);
    return page;
  }

  /**
   * Starts a graph from a version. `origin` adds what else started it (a schedule, a parent node); `options` the
   * submission's idempotency key, so a caller that repeats a run after a lost answer gets the same graph.
   */
  async run(
    tenantId: string,
    name: string,
    request: TemplateRunRequest,
    by: string,
    origin: Omit<GraphOrigin, "template"> = {},
    options: Omit<SubmitOptions, "origin"> = {},
  ): Promise<SubmitResult & { template: TemplateVersion }> {
    const template = await this.resolve(tenantId, name, request.version);
    const defaults = isPlainObject(template.spec.input) ? template.spec.input : {};
    const input = { ...defaults, ...(request.input ?? {}) };
    if (template.inputSchema)
      checkAgainstSchema(input, template.inputSchema, "/input", "the template's inputSchema");
    const result = await this.graphs.submit(
      tenantId,
      { ...template.spec, input },
      {
        ...options,
        origin: { ...origin, template: { name, version: template.version, hash: template.hash } },
      },
      by,
    );
    return { ...result, template };
  }

  /** The body as stored content: a graph spec that validates, and its inputSchema split off and compiled. */
  private async checkedContent(body: unknown): Promise<TemplateContent> {
    if (!isPlainObject(body)) {
      throw new DagoError("invalid_request", "a template is a graph spec: a JSON object with name and nodes");
    }
    const { inputSchema, ...spec } = body;
    const content: TemplateContent = { spec };
    let declared: string[] = [];
    if (inputSchema !== undefined) {
      const problem = isPlainObject(inputSchema)
        ? inputSchemaProblem(inputSchema)
        : "inputSchema must be a JSON Schema object";
      if (problem || !isPlainObject(inputSchema)) {
        throw validationFailed(
          [{ code: "bad_field", message: problem ?? "", path: "/inputSchema" }],
          "template",
        );
      }
      content.inputSchema = inputSchema;
      declared = Object.keys(isPlainObject(inputSchema.properties) ? inputSchema.properties : {});
    }
    // A run supplies the input: keys the schema declares may be read by the nodes although the spec has no value.
    const input = isPlainObject(spec.input) ? spec.input : {};
    const probe = { ...Object.fromEntries(declared.map((key) => [key, null])), ...input };
    const wellFormed = spec.input === undefined || isPlainObject(spec.input);
    const checked = await this.graphs.validate(wellFormed ? { ...spec, input: probe } : spec);
    if (!checked.valid) throw validationFailed(checked.errors, "template");
    return content;
  }
}

function inputSchemaProblem(schema: Record<string, unknown>): string | undefined {
  if (schema.type !== undefined && schema.type !== "object") return 'inputSchema must have type "object"';
  const compiled = compileOutputSchema(schema);
  return compiled.ok ? undefined : `inputSchema: ${compiled.message}`;
}

function checkName(name: string): void {
  if (!TEMPLATE_NAME_PATTERN.test(name)) {
    throw new DagoError(
      "invalid_request",
      `template name must be 1-128 characters of A-Z a-z 0-9 _ . -, got ${JSON.stringify(name.slice(0, 140))}`,
    );
  }
}
