// Steady graph submissions over HTTP from a few concurrent clients, recording what each client was told: the
// acknowledged graph ids (with when they were acknowledged), the refusals (status and error code) and the
// requests that got no answer. Each submission has a unique graph name, so duplicates can be found afterwards.
export interface Submission {
  n: number;
  name: string;
  idempotencyKey?: string;
  /** Set once answered. */
  status?: number;
  code?: string;
  id?: string;
  answeredAt?: number;
  /** No answer: the connection failed or the client gave up. */
  lost?: boolean;
}

export interface SubmissionTraffic {
  readonly submissions: Submission[];
  acknowledged(): Submission[];
  /** Resolves once every client has finished its current request and stopped. */
  stop(): Promise<void>;
}

export interface TrafficOptions {
  clients: number;
  /** The graph spec of submission n (its name is set by the traffic). */
  spec: (n: number) => Record<string, unknown>;
  /** Whether submission n carries an Idempotency-Key. */
  withKey?: (n: number) => boolean;
  /** Pause between a client's requests. */
  intervalMs?: number;
  requestTimeoutMs?: number;
}

export function startSubmissionTraffic(url: () => string, options: TrafficOptions): SubmissionTraffic {
  const submissions: Submission[] = [];
  let stopping = false;
  const client = async () => {
    while (!stopping) {
      const n = submissions.length;
      const submission: Submission = { n, name: `traffic-${n}` };
      if (options.withKey?.(n)) submission.idempotencyKey = `traffic-key-${n}`;
      submissions.push(submission);
      try {
        const res = await fetch(`${url()}/api/v1/graphs`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(submission.idempotencyKey ? { "idempotency-key": submission.idempotencyKey } : {}),
          },
          body: JSON.stringify({ ...options.spec(n), name: submission.name }),
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
        });
        const body = (await res.json()) as { id?: string; error?: { code?: string } };
        submission.status = res.status;
        submission.answeredAt = Date.now();
        if (body.id !== undefined) submission.id = body.id;
        if (body.error?.code !== undefined) submission.code = body.error.code;
      } catch {
        submission.lost = true;
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
    }
  };
  const running = Promise.all(Array.from({ length: options.clients }, client));
  return {
    submissions,
    acknowledged: () => submissions.filter((s) => s.status === 201 || s.status === 200),
    async stop() {
      stopping = true;
      await running;
    },
  };
}
