export { ActiveGraphLimit, type GraphSlot } from "./active-graph-limit.js";
export { type RateLimitSettings, TenantRateLimit } from "./tenant-rate-limit.js";
