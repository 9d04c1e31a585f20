import type { ExecutionContext, Executor } from "../worker/executor.js";
import type { LlmProvider, LlmRequest } from "./llm-provider.js";

export interface LlmExecutorOptions {
  defaultModel: string;
  defaultMaxTokens: number;
}

/** `llm` nodes: renders `prompt` and `system` against upstream outputs and returns the model's text. */
export class LlmExecutor implements Executor {
  readonly type = "llm";

  constructor(
    private readonly provider: LlmProvider,
    private readonly options: LlmExecutorOptions,
  ) {}

  async execute(context: ExecutionContext): Promise<unknown> {
    const { node } = context;
    const request: LlmRequest = {
      model: node.model ?? this.options.defaultModel,
      prompt: context.render(node.prompt ?? ""),
      maxTokens: node.maxTokens ?? this.options.defaultMaxTokens,
    };
    if (node.system !== undefined) request.system = context.render(node.system);
    if (node.temperature !== undefined) request.temperature = node.temperature;
    const response = await this.provider.complete(request, context.signal);
    return response.text;
  }
}
