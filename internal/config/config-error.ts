/** Every problem of the environment at once; dago exits with code 7 on it (cmd/cli/exit-codes.ts). */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const noun = problems.length === 1 ? "problem" : "problems";
    super(
      `invalid configuration (${problems.length} ${noun}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}
