// BullMQ under test, used the way its documentation shows. Flows are trees (one parent per job), so DAG-10's
// join is the parent of the 8 parallel jobs and that flow is added by the root's handler; a chain is a flow
// nested `length` deep (children run before their parent).
import { type FlowJob, FlowProducer, type Job, Queue, Worker } from "bullmq";
import { HopRecorder } from "./hop-recorder.js";
import {
  type BenchTarget,
  type ChainOutcome,
  type Dag10Outcome,
  type TargetOptions,
  waitUntil,
} from "./targets.js";

const TIMEOUT_MS = 300_000;
const ROOT_QUEUE = "bench-root";
const NODE_QUEUE = "bench-node";

interface NodeData {
  g: string;
  step?: number;
  join?: boolean;
}

export class BullmqTarget implements BenchTarget {
  readonly name = "bullmq";
  private completed = 0;
  private recorder = new HopRecorder();
  private readonly joinFinished = new Map<string, number>();

  private constructor(
    private readonly rootQueue: Queue,
    private readonly flows: FlowProducer,
    private readonly workers: Worker[],
  ) {}

  static async start(
    options: TargetOptions,
    jobs: { removeOnComplete?: boolean } = {},
  ): Promise<BullmqTarget> {
    const connection = { host: "127.0.0.1", port: options.redisPort, maxRetriesPerRequest: null };
    const removeOnComplete = jobs.removeOnComplete ?? false;
    const rootQueue = new Queue(ROOT_QUEUE, { connection, defaultJobOptions: { removeOnComplete } });
    const flows = new FlowProducer({ connection });
    const workers: Worker[] = [];
    const target = new BullmqTarget(rootQueue, flows, workers);
    workers.push(
      new Worker(
        ROOT_QUEUE,
        async (job: Job<NodeData>) => {
          await flows.add({
            name: "join",
            queueName: NODE_QUEUE,
            data: { g: job.data.g, join: true },
            opts: { removeOnComplete },
            children: Array.from({ length: 8 }, (_, i) => ({
              name: `n${i}`,
              queueName: NODE_QUEUE,
              data: { g: job.data.g },
              opts: { removeOnComplete },
            })),
          });
          return null;
        },
        { connection, concurrency: options.concurrency },
      ),
      new Worker(
        NODE_QUEUE,
        async (job: Job<NodeData>) => {
          if (job.data.step !== undefined) {
            target.recorder.started(job.data.g, job.data.step);
            target.recorder.ended(job.data.g, job.data.step);
          }
          return null;
        },
        { connection, concurrency: options.concurrency },
      ),
    );
    for (const worker of workers) {
      worker.on("completed", (job: Job<NodeData>) => {
        target.completed++;
        if (job.data.join && job.finishedOn !== undefined)
          target.joinFinished.set(job.data.g, job.finishedOn);
      });
    }
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    await target.dag10(2);
    await target.chains(1, 3);
    return target;
  }

  async dag10(graphs: number): Promise<Dag10Outcome> {
    this.joinFinished.clear();
    const goal = this.completed + graphs * 10;
    const start = performance.now();
    const roots = await this.rootQueue.addBulk(
      Array.from({ length: graphs }, (_, i) => ({ name: "root", data: { g: `dag10-${start}-${i}` } })),
    );
    await waitUntil(() => this.completed >= goal, "DAG-10 jobs to complete", TIMEOUT_MS);
    const elapsedMs = performance.now() - start;
    const makespansMs: number[] = [];
    for (const root of roots) {
      const finished = this.joinFinished.get((root.data as NodeData).g);
      if (finished !== undefined) makespansMs.push(finished - root.timestamp);
    }
    return { nodes: graphs * 10, elapsedMs, makespansMs };
  }

  async chains(chains: number, length: number): Promise<ChainOutcome> {
    this.recorder = new HopRecorder();
    const goal = this.completed + chains * length;
    const ids = Array.from({ length: chains }, (_, c) => `chain-${performance.now()}-${c}`);
    const start = HopRecorder.now();
    await this.flows.addBulk(ids.map((id) => nestedChain(id, length)));
    await waitUntil(() => this.completed >= goal, "chain jobs to complete", TIMEOUT_MS);
    return {
      steps: chains * length,
      elapsedMs: this.recorder.lastEnd() - start,
      hopsMs: this.recorder.hops(ids, length),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.flows.close();
    await this.rootQueue.close();
  }
}

/** Step `length - 1` is the outermost parent; step 0, the deepest child, runs first. */
function nestedChain(id: string, length: number): FlowJob {
  let flow: FlowJob | undefined;
  for (let step = 0; step < length; step++) {
    flow = {
      name: `s${step}`,
      queueName: NODE_QUEUE,
      data: { g: id, step },
      ...(flow ? { children: [flow] } : {}),
    };
  }
  return flow as FlowJob;
}
