// Template versions in Redis. All of a tenant's templates share the tenant's hash tag, so a push (compare with the
// latest version, then write N+1) is one script in one slot and two processes pushing at once get distinct
// numbers. Reads are plain hash reads: a version, once written, never changes.
import type { Redis } from "ioredis";
import type {
  TemplateContent,
  TemplateSummary,
  TemplateVersion,
  TemplateVersionMeta,
} from "../../domain/template-version.js";
import { templateKey, templateNamesKey } from "../keys.js";
import { registerScripts } from "../script-loader.js";

export type PushOutcome =
  | { created: boolean; meta: TemplateVersionMeta }
  | { created: false; tooManyVersions: true; latest: number };

export interface TemplatePage {
  templates: TemplateSummary[];
  /** The last name of this page, to pass back for the next one; absent on the last page. */
  nextCursor?: string;
}

export interface VersionPage {
  versions: TemplateVersionMeta[];
  nextCursor?: string;
}

export class TemplateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Most versions one template may have: a push past it is refused rather than growing without bound. */
    readonly maxVersions = 10_000,
  ) {
    registerScripts(redis);
  }

  /** Writes `content` (its canonical JSON and hash computed by the caller) as the next version, unless unchanged. */
  async push(
    tenantId: string,
    name: string,
    contentJson: string,
    hash: string,
    by: string,
    now = Date.now(),
  ): Promise<PushOutcome> {
    const reply = await this.redis.pushTemplate(
      templateKey(this.keyPrefix, tenantId, name),
      templateNamesKey(this.keyPrefix, tenantId),
      name,
      hash,
      contentJson,
      now,
      by,
      this.maxVersions,
    );
    const code = Number(reply[0]);
    if (code < 0) return { created: false, tooManyVersions: true, latest: Number(reply[1]) };
    return { created: code === 1, meta: JSON.parse(String(reply[2])) as TemplateVersionMeta };
  }

  /** A version by number, or the latest when `version` is absent; undefined when there is no such version. */
  async version(tenantId: string, name: string, version?: number): Promise<TemplateVersion | undefined> {
    const key = templateKey(this.keyPrefix, tenantId, name);
    let n = version;
    if (n === undefined) {
      const latest = await this.redis.hget(key, "latest");
      if (latest === null) return undefined;
      n = Number(latest);
    }
    const [content, meta] = await this.redis.hmget(key, `v:${n}`, `m:${n}`);
    if (content == null || meta == null) return undefined;
    return {
      name,
      ...(JSON.parse(meta) as TemplateVersionMeta),
      ...(JSON.parse(content) as TemplateContent),
    };
  }

  /** The tenant's templates ordered by name, `limit` at a time after `cursor` (a name). */
  async list(tenantId: string, limit: number, cursor?: string): Promise<TemplatePage> {
    const start = cursor === undefined ? "-" : `(${cursor}`;
    const page = await this.redis.zrangebylex(
      templateNamesKey(this.keyPrefix, tenantId),
      start,
      "+",
      "LIMIT",
      0,
      limit + 1,
    );
    const shown = page.slice(0, limit);
    const keys = shown.map((name) => templateKey(this.keyPrefix, tenantId, name));
    const heads = await Promise.all(keys.map((key) => this.redis.hmget(key, "latest", "updatedAt")));
    const metas = await Promise.all(keys.map((key, i) => this.redis.hget(key, `m:${heads[i]?.[0]}`)));
    const templates: TemplateSummary[] = [];
    shown.forEach((name, i) => {
      const meta = metas[i];
      if (meta === null || meta === undefined) return;
      templates.push({
        name,
        latest: JSON.parse(meta) as TemplateVersionMeta,
        updatedAt: Number(heads[i]?.[1]),
      });
    });
    const last = shown.at(-1);
    return page.length > limit && last !== undefined ? { templates, nextCursor: last } : { templates };
  }

  /** A template's versions, newest first, `limit` at a time below `before` (a version number). */
  async versions(
    tenantId: string,
    name: string,
    limit: number,
    before?: number,
  ): Promise<VersionPage | undefined> {
    const key = templateKey(this.keyPrefix, tenantId, name);
    const latest = await this.redis.hget(key, "latest");
    if (latest === null) return undefined;
    const top = Math.min(Number(latest), before === undefined ? Number.POSITIVE_INFINITY : before - 1);
    const numbers: number[] = [];
    for (let n = top; n >= 1 && numbers.length < limit; n--) numbers.push(n);
    if (numbers.length === 0) return { versions: [] };
    const metas = await this.redis.hmget(key, ...numbers.map((n) => `m:${n}`));
    const versions = metas.flatMap((m) => (m === null ? [] : [JSON.parse(m) as TemplateVersionMeta]));
    const lowest = numbers.at(-1) as number;
    return lowest > 1 ? { versions, nextCursor: String(lowest) } : { versions };
  }
}
