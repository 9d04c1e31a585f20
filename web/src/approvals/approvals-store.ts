// The tenant's open approvals, kept current. The list is fetched over HTTP (the server keeps it oldest first);
// the tenant's live events only say that it may have changed, and one refresh loop fetches it again, so a burst
// of decisions costs a request at a time.
import type { WaitingDecision } from "../../../internal/contract/decisions.js";
import type { EventType } from "../../../internal/domain/events.js";
import { callApi } from "../api/dashboard-api.js";
import { type Problem, problemOf } from "../api/problem.js";
import type { LiveSubscription } from "../live/live-connection.js";
import { liveConnection } from "../live/shared-connection.js";

/**
 * What opens, closes or changes an approval: a node starts or stops waiting (decided, cancelled, failed on its
 * timeout, reset by a retry), or its graph is paused or resumed (the list shows that).
 */
export const APPROVAL_EVENT_TYPES: EventType[] = [
  "NodeWaiting",
  "NodeApproved",
  "NodeRejected",
  "NodeCancelled",
  "NodeFailed",
  "NodeReset",
  "GraphPaused",
  "GraphResumed",
  "GraphCancelled",
];

const PAGE_LIMIT = 100;
/** The inbox shows at most this many; a tenant with more is told so (the oldest are shown). */
export const INBOX_MAX = 500;
/** Pause between two refreshes, so a stream of events becomes a few requests a second, not one per event. */
const ROUND_GAP_MS = 250;

export interface ApprovalsView {
  approvals: WaitingDecision[];
  loaded: boolean;
  /** More open approvals than the inbox shows. */
  more: boolean;
  error?: Problem;
}

export class ApprovalsStore {
  private view: ApprovalsView = { approvals: [], loaded: false, more: false };
  private readonly listeners = new Set<(view: ApprovalsView) => void>();
  private sub: LiveSubscription | undefined;
  private dirty = true;
  private running = false;
  private stopped = false;

  start(): void {
    this.sub = liveConnection().subscribe({
      prepare: async () => {
        this.mark();
        return { scope: "tenant", types: APPROVAL_EVENT_TYPES };
      },
      // Only now is every later change sure to arrive as an event: fetch once more.
      onLive: () => this.mark(),
      onEvent: () => this.mark(),
      onError: (code) => {
        if (code === "internal") this.sub?.resync();
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.sub?.close();
  }

  subscribe(listener: (view: ApprovalsView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  private mark(): void {
    this.dirty = true;
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && this.dirty) {
        this.dirty = false;
        await this.refresh();
        if (this.dirty) await new Promise((r) => setTimeout(r, ROUND_GAP_MS));
      }
    } finally {
      this.running = false;
    }
  }

  private async refresh(): Promise<void> {
    try {
      const approvals: WaitingDecision[] = [];
      let cursor: string | undefined;
      do {
        const after = cursor;
        const page = await callApi((dago) => dago.approvals({ limit: PAGE_LIMIT, cursor: after }));
        approvals.push(...page.approvals);
        cursor = page.nextCursor;
      } while (cursor !== undefined && approvals.length < INBOX_MAX);
      if (this.stopped) return;
      this.publish({
        approvals: approvals.slice(0, INBOX_MAX),
        loaded: true,
        more: cursor !== undefined || approvals.length > INBOX_MAX,
      });
    } catch (err) {
      this.publish({ ...this.view, error: problemOf(err) });
    }
  }

  private publish(view: ApprovalsView): void {
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }
}
