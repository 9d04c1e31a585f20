// How dago logs; the format's default depends on whether stdout is a terminal, so it is derived at load.
import { oneOf } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "console";

export const logVariables = {
  level: defaultedVariable({
    name: "LOG_LEVEL",
    fallback: "info" as LogLevel,
    description: "debug, info, warn or error.",
    schema: oneOf(["debug", "info", "warn", "error"]),
  }),
  format: envVariable({
    name: "LOG_FORMAT",
    default: "console on a terminal, else json",
    description: "json (one object a line) or console (readable).",
    schema: oneOf(["json", "console"]),
  }),
} as const;
