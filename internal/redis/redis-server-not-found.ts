// The one start-up failure a new user is most likely to meet, kept as its own class so callers can tell it apart
// (the command maps it to an exit code) and the message can say how to fix it.
const INSTALL_HINT =
  "install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`), " +
  "or point REDIS_ADDR or REDIS_URL at a running Redis";

export class RedisServerNotFoundError extends Error {
  constructor(bin: string) {
    super(`${bin} was not found on PATH; ${INSTALL_HINT}`);
    this.name = "RedisServerNotFoundError";
  }
}
