// Two `dago serve` processes on one private redis-server, patched at the same moment, round after round. With one
// ifVersion (in the body or in If-Match) exactly one patch lands and the other gets 409 version_conflict naming
// the winner's version, and the graph holds the winner's node only. Without one, patches that still fit together
// both land (the loser of the write is validated again against the new structure), and patches that no longer fit
// are refused with what broke. Afterwards a worker runs every graph to its end and the invariant checker finds
// each graph whole: projection = fold(events), no node started before its dependencies.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphView } from "../../internal/contract/graph-views.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { countOpenGraphs } from "../helpers/open-graphs.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { type ServedDago, startServed } from "../helpers/served-dago.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";

const PARTITIONS = 4;
const prefix = uniquePrefix();
let redisServer: TestRedisServer;
let redis: Redis;
let left: ServedDago;
let right: ServedDago;
const processes: DagoProcess[] = [];
const graphIds: string[] = [];

const env = () => ({
  REDIS_URL: redisServer.url,
  DAGO_KEY_PREFIX: prefix,
  DAGO_PARTITIONS: String(PARTITIONS),
});

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis({ port: redisServer.port, host: "127.0.0.1" });
  // No workers: between rounds nothing but the patches moves a graph's version.
  [left, right] = await Promise.all([
    startServed(["--no-workers"], env()),
    startServed(["--no-workers"], env()),
  ]);
  processes.push(left.proc, right.proc);
});

afterAll(async () => {
  for (const p of processes) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
  }
  await Promise.all(processes.map((p) => p.exited));
  redis?.disconnect();
  await redisServer?.stop();
});

interface Answer {
  status: number;
  body: GraphView & { error?: { code: string; details: Array<Record<string, unknown>> } };
}

async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers = {},
): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

async function submit(nodes: unknown[]): Promise<string> {
  const res = await send(left.url, "POST", "/api/v1/graphs", { name: "raced", nodes });
  expect(res.status).toBe(201);
  graphIds.push(res.body.id);
  return res.body.id;
}

const view = async (id: string): Promise<GraphView> =>
  (await send(right.url, "GET", `/api/v1/graphs/${id}`)).body;

/** Both processes patch at once; the order the two requests leave in alternates from round to round. */
async function race(
  round: number,
  id: string,
  bodies: [unknown, unknown],
  headers: [Record<string, string>, Record<string, string>] = [{}, {}],
): Promise<[Answer, Answer]> {
  const path = `/api/v1/graphs/${id}/patches`;
  const sendLeft = () => send(left.url, "POST", path, bodies[0], headers[0]);
  const sendRight = () => send(right.url, "POST", path, bodies[1], headers[1]);
  if (round % 2 === 0) return Promise.all([sendLeft(), sendRight()]);
  const [r, l] = await Promise.all([sendRight(), sendLeft()]);
  return [l, r];
}

const noop = (id: string, dependsOn: string[] = []) => ({ id, type: "noop", dependsOn });

describe("two API processes racing", () => {
  it("with one ifVersion: exactly one 200, the other 409 version_conflict, and only the winner's node", async () => {
    const ids = [await submit([noop("root")]), await submit([noop("root"), noop("after", ["root"])])];
    let viaHeader = 0;
    for (let round = 0; round < 30; round++) {
      const id = ids[round % ids.length] as string;
      const { version } = await view(id);
      const names = [`r${round}-left`, `r${round}-right`] as const;
      const header = round % 3 === 0;
      if (header) viaHeader++;
      const body = (name: string) =>
        header ? { addNodes: [noop(name)] } : { ifVersion: version, addNodes: [noop(name)] };
      const match: Record<string, string> = header ? { "if-match": `"${version}"` } : {};
      const answers = await race(round, id, [body(names[0]), body(names[1])], [match, match]);
      const statuses = answers.map((a) => a.status);
      expect([...statuses].sort(), `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`).toEqual([
        200, 409,
      ]);
      const winner = statuses.indexOf(200);
      const won = answers[winner] as Answer;
      const lost = answers[1 - winner] as Answer;
      expect(lost.body.error?.code).toBe("version_conflict");
      expect(lost.body.error?.details[0]).toMatchObject({ currentVersion: won.body.version });
      const after = await view(id);
      expect(after.version).toBe(won.body.version);
      expect(after.nodes[names[winner] as string]?.status).toBe("ready");
      expect(after.nodes[names[1 - winner] as string]).toBeUndefined();
    }
    expect(viaHeader).toBeGreaterThan(0);
  });

  it("without ifVersion: two patches adding different nodes both land", async () => {
    const id = await submit([noop("root"), noop("join", ["root"])]);
    for (let round = 0; round < 16; round++) {
      const names = [`r${round}-left`, `r${round}-right`];
      const answers = await race(round, id, [
        {
          addNodes: [noop(names[0] as string, ["root"])],
          addDependencies: [{ node: "join", dependsOn: [names[0]] }],
        },
        {
          addNodes: [noop(names[1] as string, ["root"])],
          addDependencies: [{ node: "join", dependsOn: [names[1]] }],
        },
      ]);
      expect(
        answers.map((a) => a.status),
        `round ${round}: ${JSON.stringify(answers.map((a) => a.body.error))}`,
      ).toEqual([200, 200]);
      const after = await view(id);
      for (const name of names) expect(after.nodes[name]?.dependsOn).toEqual(["root"]);
    }
    const after = await view(id);
    expect(after.nodes.join?.dependsOn).toHaveLength(1 + 32);
    const events = await send(left.url, "GET", `/api/v1/graphs/${id}/events?limit=1000`);
    const patched = (events.body as unknown as { events: Array<{ type: string }> }).events.filter(
      (e) => e.type === "GraphPatched",
    );
    expect(patched).toHaveLength(32);
  });

  it("without ifVersion: of two patches that no longer fit together, the second is refused with what broke", async () => {
    const id = await submit([noop("root")]);
    for (let round = 0; round < 12; round++) {
      // Both add the same id: the one validated again after the other landed finds the id taken.
      const same = `same${round}`;
      const clash = await race(round, id, [{ addNodes: [noop(same)] }, { addNodes: [noop(same)] }]);
      expect([...clash.map((a) => a.status)].sort()).toEqual([200, 400]);
      const refused = clash.find((a) => a.status === 400) as Answer;
      expect(refused.body.error?.details).toEqual([
        expect.objectContaining({ code: "duplicate_node_id", path: "/addNodes/0/id" }),
      ]);

      // One removes a node the other makes a new node depend on: whichever lands, the other no longer fits.
      const victim = `victim${round}`;
      expect(
        (await send(left.url, "POST", `/api/v1/graphs/${id}/patches`, { addNodes: [noop(victim)] })).status,
      ).toBe(200);
      const [removal, dependent] = await race(round, id, [
        { removeNodes: [victim] },
        { addNodes: [noop(`needs${round}`, [victim])] },
      ]);
      expect([removal.status, dependent.status].sort()).toEqual([200, 400]);
      const after = await view(id);
      if (removal.status === 200) {
        expect(dependent.body.error?.details).toEqual([
          expect.objectContaining({ code: "unknown_dependency" }),
        ]);
        expect(after.nodes[victim]).toBeUndefined();
        expect(after.nodes[`needs${round}`]).toBeUndefined();
      } else {
        expect(removal.body.error?.details).toEqual([expect.objectContaining({ code: "node_still_needed" })]);
        expect(after.nodes[`needs${round}`]?.dependsOn).toEqual([victim]);
      }
    }
  });

  it("every raced graph runs to success once a worker is there, and every graph is whole", async () => {
    const worker = spawnDago(["worker"], { ...env(), WORKER_POOL_SIZE: "8" });
    processes.push(worker);
    await waitUntil(
      "every raced graph to end",
      async () => (await countOpenGraphs(redis, prefix, PARTITIONS)) === 0,
      45_000,
      100,
    );
    const graphs = await expectGraphsWhole(redis, prefix);
    expect(graphs.size).toBe(graphIds.length);
    for (const id of graphIds) expect(graphs.get(id)?.state.status).toBe("succeeded");
  });
});
