// The two ways to name a Redis server, REDIS_ADDR and REDIS_URL, read by hand. zod has no host:port format, and
// its url() checks only that the text parses: it would take "redis://" with no host and "redis:h", and it
// neither splits a URL into host, port, credentials and database nor knows Redis' default port and 16 databases.
import type { Parsed } from "./env-schemas.js";

export const DEFAULT_REDIS_PORT = 6379;

export interface RedisAddress {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

const HOST_PATTERN = /^[^\s/@[\]:]+$/;
const BRACKETED = /^\[([0-9A-Fa-f:.%a-z]+)\](?::(.*))?$/;
const ADDR_EXPECTED = "host:port or [ipv6]:port with a port from 1 to 65535";
const URL_EXPECTED = "a URL like redis://[user:password@]host:port[/db] or rediss://... for TLS";

/** REDIS_ADDR: host, host:port or [ipv6]:port. */
export function parseRedisAddr(value: string): Parsed<RedisAddress> {
  const bracketed = BRACKETED.exec(value);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? "";
    portText = bracketed[2];
  } else {
    const parts = value.split(":");
    if (parts.length > 2) {
      return { expected: `${ADDR_EXPECTED} (write IPv6 addresses in brackets, e.g. [::1]:6379)` };
    }
    host = parts[0] ?? "";
    portText = parts[1];
    if (!HOST_PATTERN.test(host)) return { expected: ADDR_EXPECTED };
  }
  const port = portText === undefined ? DEFAULT_REDIS_PORT : parsePort(portText);
  if (host === "" || port === undefined) return { expected: ADDR_EXPECTED };
  return { value: { host, port, tls: false } };
}

/** REDIS_URL: redis:// or rediss://, with optional credentials and database. */
export function parseRedisUrl(value: string): Parsed<RedisAddress> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { expected: URL_EXPECTED };
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") return { expected: URL_EXPECTED };
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port === "" ? DEFAULT_REDIS_PORT : parsePort(url.port);
  if (host === "" || port === undefined) return { expected: URL_EXPECTED };
  let db: number | undefined;
  const path = url.pathname.replace(/^\//, "");
  if (path !== "") {
    const parsed = parseDigits(path);
    if (parsed === undefined || parsed > 15)
      return { expected: `${URL_EXPECTED}, with a database from 0 to 15` };
    db = parsed;
  }
  const address: RedisAddress = { host, port, tls: url.protocol === "rediss:" };
  if (url.username !== "") address.username = decodeURIComponent(url.username);
  if (url.password !== "") address.password = decodeURIComponent(url.password);
  if (db !== undefined) address.db = db;
  return { value: address };
}

/** The URL as it may appear in an error: the password replaced by "***". */
export function maskUrlPassword(value: string): string {
  return value.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@");
}

function parsePort(text: string): number | undefined {
  const port = parseDigits(text);
  return port !== undefined && port >= 1 && port <= 65535 ? port : undefined;
}

function parseDigits(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}
