export { ActiveGraphLimit, type GraphSlot, withGraphSlot } from "./active-graph-limit.js";
export { type RateLimitSettings, TenantRateLimit } from "./tenant-rate-limit.js";
