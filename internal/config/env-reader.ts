// Reads variables one at a time and collects problems instead of throwing, so that one run reports every bad
// variable, in the order they are read, with the rules that tie several variables together in between.
import type { DefaultedVariable, EnvVariable } from "./env-variable.js";

export class EnvReader {
  readonly problems: string[] = [];
  /** Each variable is parsed once, so reading it again never repeats its problem. */
  private readonly parsed = new Map<string, unknown>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  // An empty value counts as unset, the way shells and container runtimes commonly clear a variable.
  raw(variable: EnvVariable<unknown>): string | undefined {
    const value = this.env[variable.name];
    return value === undefined || value === "" ? undefined : value;
  }

  isSet(variable: EnvVariable<unknown>): boolean {
    return this.raw(variable) !== undefined;
  }

  /** The parsed value; undefined when the variable is unset or bad (then its one problem is recorded). */
  read<T>(variable: EnvVariable<T>): T | undefined {
    if (this.parsed.has(variable.name)) return this.parsed.get(variable.name) as T | undefined;
    const value = this.raw(variable);
    let result: T | undefined;
    if (value !== undefined) {
      const parsed = variable.schema.safeParse(value);
      if (parsed.success) result = parsed.data;
      else this.invalid(variable, value, parsed.error.issues[0]?.message ?? "a valid value");
    }
    this.parsed.set(variable.name, result);
    return result;
  }

  /** The parsed value, or the variable's default when it is unset or bad. */
  value<T>(variable: DefaultedVariable<T>): T {
    return this.read(variable) ?? variable.fallback;
  }

  /** Records that a variable's value breaks a rule; the value is shown only when that is safe. */
  invalid(variable: EnvVariable<unknown>, value: string, expected: string): void {
    const shown = variable.secret ? "***" : variable.shown(value);
    this.problems.push(`${variable.name}=${JSON.stringify(shown)} is invalid: expected ${expected}`);
  }

  /** Records a problem that is not about one variable's value alone. */
  report(problem: string): void {
    this.problems.push(problem);
  }
}
