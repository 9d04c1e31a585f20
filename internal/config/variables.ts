// Every variable in the order of README's configuration table, so describeConfig can print that table and a
// test can check that nothing read here is missing from it.
import { apiKeyVariables } from "./api-keys.js";
import { budgetVariables } from "./budgets.js";
import { clientVariables } from "./client.js";
import { engineVariables } from "./engine.js";
import type { ConfigVariable, EnvVariable } from "./env-variable.js";
import { httpVariables } from "./http.js";
import { limitsVariables } from "./limits.js";
import { llmVariables } from "./llm.js";
import { logVariables } from "./log.js";
import { quotaVariables } from "./quotas.js";
import { redisVariables } from "./redis.js";
import { workerVariables } from "./worker.js";
import { wsVariables } from "./ws.js";

const { partitions, shutdownGraceMs, ...leasesAndTimers } = engineVariables;

const VARIABLES: readonly EnvVariable<unknown>[] = [
  httpVariables.host,
  ...Object.values(apiKeyVariables),
  ...Object.values(quotaVariables),
  ...Object.values(budgetVariables),
  httpVariables.httpPort,
  httpVariables.grpcPort,
  ...Object.values(redisVariables),
  partitions,
  ...Object.values(workerVariables),
  ...Object.values(leasesAndTimers),
  shutdownGraceMs,
  ...Object.values(limitsVariables),
  ...Object.values(wsVariables),
  ...Object.values(llmVariables),
  ...Object.values(logVariables),
  ...Object.values(clientVariables),
];

/** Name, default and description of every variable, as README's configuration table shows them. */
export function describeConfig(): ConfigVariable[] {
  return VARIABLES.map(({ name, default: fallback, description }) => ({
    name,
    default: fallback,
    description,
  }));
}
