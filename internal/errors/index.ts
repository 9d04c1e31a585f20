export { DagoError, isDagoError, retryAfterSeconds } from "./dago-error.js";
