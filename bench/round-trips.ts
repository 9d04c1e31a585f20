// Commands the clients sent (round trips, pipelined or not) versus commands run inside Lua scripts, counted with
// MONITOR. MONITOR slows Redis down, so this runs apart from the timed workloads.
import { Redis } from "ioredis";
import type { BenchRedis } from "./bench-redis.js";

export interface CommandCount {
  fromClients: number;
  insideScripts: number;
}

export async function countCommands(redis: BenchRedis, work: () => Promise<unknown>): Promise<CommandCount> {
  const monitorClient = new Redis({ host: "127.0.0.1", port: redis.port });
  const monitor = await monitorClient.monitor();
  // ioredis can take a MONITOR line that arrives as the connection closes for a stray reply and emit an error;
  // the count is taken by then, and an unhandled 'error' event would end the whole benchmark.
  const ignore = () => undefined;
  monitor.on("error", ignore);
  monitorClient.on("error", ignore);
  const count: CommandCount = { fromClients: 0, insideScripts: 0 };
  monitor.on("monitor", (_time: string, _args: string[], source: string) => {
    if (source === "lua") count.insideScripts++;
    else count.fromClients++;
  });
  try {
    await work();
    // MONITOR lines arrive after the commands ran; give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    monitor.disconnect();
    monitorClient.disconnect();
  }
  return count;
}
