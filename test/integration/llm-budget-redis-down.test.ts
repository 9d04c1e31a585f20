// Budgets fail closed: with Redis gone, the reservation cannot be made, so the LLM call is never made either. The
// llm executor runs here on its own, with the real Anthropic SDK pointed at the fake Messages API, against a
// private redis-server that is stopped before the call.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmProviders } from "../../internal/app/llm-provider-factory.js";
import { loadConfig } from "../../internal/config/index.js";
import type { ResolvedNode } from "../../internal/domain/graph-spec.js";
import { LlmExecutor } from "../../internal/executors/llm-executor.js";
import { createLogger } from "../../internal/observability/index.js";
import { BudgetGate } from "../../internal/store/llm/budget-gate.js";
import type { ExecutionContext } from "../../internal/worker/executor.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";
import { FakeAnthropicServer } from "../helpers/fake-anthropic-server.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { TEST_API_KEY } from "./llm-stack.js";

let fake: FakeAnthropicServer;
let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  fake = await new FakeAnthropicServer().start();
  server = await startRedisServer();
  redis = new Redis({
    port: server.port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  await redis.connect();
});

afterAll(async () => {
  redis?.disconnect();
  await fake?.close();
});

function contextOf(budget: ExecutionContext["budget"]): ExecutionContext {
  const node = {
    id: "a",
    type: "llm",
    model: "claude-haiku-4-5",
    prompt: "hi",
    maxTokens: 50,
    timeoutMs: 10_000,
  } as unknown as ResolvedNode;
  return {
    graphId: "01jd8x6y3q0000000000000000-0",
    tenantId: "default",
    nodeId: "a",
    attempt: 1,
    node,
    ...(budget ? { budget } : {}),
    input: {},
    upstream: {},
    render: (text) => text,
    emitOutput: () => undefined,
    recordUsage: () => undefined,
    signal: new AbortController().signal,
    logger: createLogger({ level: "error", format: "json" }),
  };
}

describe("a budget with Redis down", () => {
  it("makes no call and fails the attempt with budget_unavailable", async () => {
    const config = loadConfig(
      { LLM_PROVIDER: "anthropic", LLM_API_KEY: TEST_API_KEY, LLM_BASE_URL: fake.url },
      { isTty: false },
    );
    const logger = createLogger({ level: "error", format: "json" });
    const executor = new LlmExecutor(createLlmProviders(config.llm, logger), {
      defaultProvider: config.llm.provider,
      defaultModel: config.llm.model,
      defaultMaxTokens: 100,
      budget: new BudgetGate(redis, "budget-down", undefined),
    });
    // Up, the call is made: the test can tell a made call from one that was not.
    await executor.execute(contextOf({ maxTokens: 100_000 }));
    expect(fake.requests).toHaveLength(1);

    await server.stop();
    const failure = await executor.execute(contextOf({ maxTokens: 100_000 })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(NodeExecutionError);
    expect((failure as NodeExecutionError).code).toBe("budget_unavailable");
    expect(fake.requests).toHaveLength(1);
  });
});
