// What a workload cost Redis: commands (INFO commandstats, which counts commands run inside scripts too), CPU
// (INFO cpu) and memory, read before and after.
import type { Redis } from "ioredis";

export interface RedisSnapshot {
  calls: number;
  callsByCommand: Map<string, number>;
  usecByCommand: Map<string, number>;
  cpuSeconds: number;
  usedMemory: number;
}

export async function snapshotRedis(redis: Redis): Promise<RedisSnapshot> {
  const [commandstats, cpu, memory] = await Promise.all([
    redis.info("commandstats"),
    redis.info("cpu"),
    redis.info("memory"),
  ]);
  const callsByCommand = new Map<string, number>();
  const usecByCommand = new Map<string, number>();
  let calls = 0;
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    const count = Number(match[2]);
    callsByCommand.set(match[1] as string, count);
    usecByCommand.set(match[1] as string, Number(match[3]));
    calls += count;
  }
  const field = (text: string, name: string) =>
    Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? 0);
  return {
    calls,
    callsByCommand,
    usecByCommand,
    cpuSeconds: field(cpu, "used_cpu_sys") + field(cpu, "used_cpu_user"),
    usedMemory: field(memory, "used_memory"),
  };
}

export interface RedisCost {
  calls: number;
  cpuSeconds: number;
  /** Commands that made up most of the calls, e.g. "evalsha 1000, xadd 3000". */
  topCommands: string;
  /** Commands that took most of Redis's time, e.g. "evalsha 52 ms" (a script's time includes its commands'). */
  topByTime: string;
}

/** The INFO calls of the snapshot itself are subtracted so they do not count against the workload. */
export function redisCost(before: RedisSnapshot, after: RedisSnapshot): RedisCost {
  const deltas: Array<[string, number]> = [];
  for (const [name, count] of after.callsByCommand) {
    const delta = count - (before.callsByCommand.get(name) ?? 0) - (name === "info" ? 3 : 0);
    if (delta > 0) deltas.push([name, delta]);
  }
  deltas.sort((a, b) => b[1] - a[1]);
  const times: Array<[string, number]> = [];
  for (const [name, usec] of after.usecByCommand) {
    const delta = usec - (before.usecByCommand.get(name) ?? 0);
    if (delta > 0 && name !== "info") times.push([name, delta]);
  }
  times.sort((a, b) => b[1] - a[1]);
  return {
    topByTime: times
      .slice(0, 8)
      .map(([name, usec]) => `${name} ${(usec / 1000).toFixed(0)} ms`)
      .join(", "),
    calls: deltas.reduce((sum, [, n]) => sum + n, 0),
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    topCommands: deltas
      .slice(0, 6)
      .map(([name, n]) => `${name} ${n}`)
      .join(", "),
  };
}
