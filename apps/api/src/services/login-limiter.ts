import { AppError } from '@boutique/shared';
import type { Redis } from 'ioredis';

/**
 * Brute-force brake for POST /api/auth/token: failed logins are counted in Redis per (client address,
 * username) and per client address over a sliding-enough fixed window; past the limit the endpoint answers
 * 429 until the window ends. Counting in Redis makes the limit hold across API processes. If Redis is
 * away the limiter lets requests through (logins must keep working; argon2 already makes each guess cost
 * tens of milliseconds).
 */
export const LOGIN_LIMITS = { windowSeconds: 15 * 60, perUser: 10, perAddress: 50 } as const;

export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Throws 429 when this address, or this address for this username, failed too often recently. */
  async check(address: string, username: string): Promise<void> {
    const counts = await this.redis
      .mget(this.userKey(address, username), this.addressKey(address))
      .catch(() => null);
    if (!counts) return;
    const [user, all] = counts.map((c) => Number(c ?? 0));
    if ((user ?? 0) >= LOGIN_LIMITS.perUser || (all ?? 0) >= LOGIN_LIMITS.perAddress) {
      const ttl = await this.redis
        .ttl(this.userKey(address, username))
        .catch(() => LOGIN_LIMITS.windowSeconds);
      throw new AppError(
        'rate_limited',
        `Too many failed logins; try again in ${Math.max(1, Math.ceil(Math.max(ttl, 60) / 60))} minute(s).`,
      );
    }
  }

  async failed(address: string, username: string): Promise<void> {
    const window = LOGIN_LIMITS.windowSeconds;
    await this.redis
      .multi()
      .incr(this.userKey(address, username))
      .expire(this.userKey(address, username), window, 'NX')
      .incr(this.addressKey(address))
      .expire(this.addressKey(address), window, 'NX')
      .exec()
      .catch(() => undefined);
  }

  async succeeded(address: string, username: string): Promise<void> {
    await this.redis.del(this.userKey(address, username)).catch(() => undefined);
  }

  private userKey(address: string, username: string) {
    return `${this.prefix}:login-failures:${address}:${username.toLowerCase()}`;
  }

  private addressKey(address: string) {
    return `${this.prefix}:login-failures:${address}`;
  }
}
