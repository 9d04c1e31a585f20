import { BUILTIN_NODE_TYPES } from "../domain/graph-spec.js";
import type { Executor } from "./executor.js";

export class ExecutorRegistry {
  private readonly executors = new Map<string, Executor>();

  register(executor: Executor): this {
    if (this.executors.has(executor.type))
      throw new Error(`an executor for type "${executor.type}" is registered`);
    this.executors.set(executor.type, executor);
    return this;
  }

  get(type: string): Executor | undefined {
    return this.executors.get(type);
  }

  types(): string[] {
    return [...this.executors.keys()].sort();
  }

  /** Custom types route like capabilities: a node of type X goes only to workers that registered X. */
  routingCapabilities(): string[] {
    const builtins: readonly string[] = BUILTIN_NODE_TYPES;
    return this.types()
      .filter((t) => !builtins.includes(t))
      .map((t) => `type:${t}`);
  }
}
